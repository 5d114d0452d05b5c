using DigitalTwin.Grains.Network;

namespace DigitalTwin.Grains.Tests.Network;

public sealed class NetworkOptionsValidatorTests
{
    [Fact]
    public void DefaultsAreValid() =>
        Assert.True(new NetworkOptionsValidator().Validate(null, new NetworkOptions()).Succeeded);

    [Theory]
    [InlineData(0)]
    [InlineData(100_001)]
    public void RecentWindowsOutOfRangeNamesTheKey(int windows)
    {
        var result = new NetworkOptionsValidator().Validate(null, new NetworkOptions { RecentWindows = windows });

        Assert.True(result.Failed);
        Assert.Contains("Network:RecentWindows", result.FailureMessage);
    }

    [Fact]
    public void ExportSpanOutOfRangeNamesTheKey()
    {
        var result = new NetworkOptionsValidator().Validate(null, new NetworkOptions { MaxExportHours = 0 });

        Assert.Contains("Network:MaxExportHours", result.FailureMessage);
    }
}
