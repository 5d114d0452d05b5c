using DigitalTwin.Grains.Streams;
using Microsoft.Extensions.Configuration;

namespace DigitalTwin.Grains.Tests.Streams;

/// <summary>Bad <c>Streams:*</c> configuration stops the silo with a message that names the key.</summary>
public sealed class DeviceStreamOptionsValidatorTests
{
    private readonly DeviceStreamOptionsValidator _validator = new();

    [Fact]
    public void DefaultsAreValid() =>
        Assert.True(_validator.Validate(null, new DeviceStreamOptions()).Succeeded);

    [Fact]
    public void BoundaryValuesAreValid()
    {
        var lowest = new DeviceStreamOptions
        {
            QueueCount = 1,
            QueueCapacity = 16,
            PollPeriod = TimeSpan.FromMilliseconds(1),
            IdleWait = TimeSpan.Zero,
            SafetyReadPeriod = TimeSpan.FromMilliseconds(100),
            CacheSize = 16,
        };
        var highest = new DeviceStreamOptions
        {
            QueueCount = 1024,
            QueueCapacity = 1_000_000,
            PollPeriod = TimeSpan.FromSeconds(1),
            IdleWait = TimeSpan.FromSeconds(10),
            SafetyReadPeriod = TimeSpan.FromMinutes(1),
            CacheSize = 1_000_000,
        };

        Assert.True(_validator.Validate(null, lowest).Succeeded);
        Assert.True(_validator.Validate(null, highest).Succeeded);
    }

    [Theory]
    [InlineData(nameof(DeviceStreamOptions.QueueCount), "0")]
    [InlineData(nameof(DeviceStreamOptions.QueueCount), "1025")]
    [InlineData(nameof(DeviceStreamOptions.QueueCapacity), "15")]
    [InlineData(nameof(DeviceStreamOptions.QueueCapacity), "1000001")]
    [InlineData(nameof(DeviceStreamOptions.PollPeriod), "00:00:00.0009")]
    [InlineData(nameof(DeviceStreamOptions.PollPeriod), "00:00:01.001")]
    [InlineData(nameof(DeviceStreamOptions.IdleWait), "-00:00:00.001")]
    [InlineData(nameof(DeviceStreamOptions.IdleWait), "00:00:10.001")]
    [InlineData(nameof(DeviceStreamOptions.SafetyReadPeriod), "00:00:00.099")]
    [InlineData(nameof(DeviceStreamOptions.SafetyReadPeriod), "00:01:00.001")]
    [InlineData(nameof(DeviceStreamOptions.CacheSize), "15")]
    [InlineData(nameof(DeviceStreamOptions.CacheSize), "1000001")]
    public void OutOfRangeValueFailsNamingItsKey(string key, string value)
    {
        var result = _validator.Validate(null, Bind(new() { [$"Streams:{key}"] = value }));

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"Streams:{key} must be", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryBadValueIsReported()
    {
        var result = _validator.Validate(null, new DeviceStreamOptions { QueueCount = 0, CacheSize = 0 });

        Assert.Equal(2, result.Failures!.Count());
    }

    [Fact]
    public void ConfigurationIsBoundFromTheStreamsSection()
    {
        var options = Bind(new() { ["Streams:QueueCount"] = "3", ["Streams:PollPeriod"] = "00:00:00.250" });

        Assert.Equal(3, options.QueueCount);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.PollPeriod);
        Assert.Equal("Streams", DeviceStreamOptions.SectionName);
    }

    private static DeviceStreamOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new DeviceStreamOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(DeviceStreamOptions.SectionName).Bind(options);
        return options;
    }
}
