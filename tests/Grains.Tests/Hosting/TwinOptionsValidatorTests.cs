using DigitalTwin.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Tests.Hosting;

/// <summary>Bad <c>Twins:*</c> configuration stops the host with a message that names the key.</summary>
public sealed class TwinOptionsValidatorTests
{
    private readonly TwinOptionsValidator _validator = new();

    [Fact]
    public void DefaultsAreValid() =>
        Assert.True(_validator.Validate(null, new TwinOptions()).Succeeded);

    [Fact]
    public void BoundaryValuesAreValid()
    {
        var options = new TwinOptions
        {
            TelemetryWindowSize = 10_000,
            InactivityTimeout = TimeSpan.FromSeconds(1),
            MaxClockSkew = TimeSpan.Zero,
            FutureTimestampTolerance = TimeSpan.Zero,
            SnapshotInterval = TimeSpan.FromMilliseconds(100),
            DirectoryUpdateInterval = TimeSpan.FromMinutes(1),
            MaxDiscoveriesPerMinute = 1_000_000,
        };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(nameof(TwinOptions.TelemetryWindowSize), "0")]
    [InlineData(nameof(TwinOptions.TelemetryWindowSize), "10001")]
    [InlineData(nameof(TwinOptions.InactivityTimeout), "00:00:00.500")]
    [InlineData(nameof(TwinOptions.InactivityTimeout), "8.00:00:00")]
    [InlineData(nameof(TwinOptions.MaxClockSkew), "-00:00:01")]
    [InlineData(nameof(TwinOptions.MaxClockSkew), "2.00:00:00")]
    [InlineData(nameof(TwinOptions.FutureTimestampTolerance), "-00:00:01")]
    [InlineData(nameof(TwinOptions.FutureTimestampTolerance), "00:05:01")]
    [InlineData(nameof(TwinOptions.SnapshotInterval), "00:00:00.050")]
    [InlineData(nameof(TwinOptions.SnapshotInterval), "02:00:00")]
    [InlineData(nameof(TwinOptions.DirectoryUpdateInterval), "00:00:00.010")]
    [InlineData(nameof(TwinOptions.DirectoryUpdateInterval), "00:02:00")]
    [InlineData(nameof(TwinOptions.MaxDiscoveriesPerMinute), "-1")]
    [InlineData(nameof(TwinOptions.MaxDiscoveriesPerMinute), "1000001")]
    public void OutOfRangeValueFailsNamingItsKey(string key, string value)
    {
        var result = _validator.Validate(null, Bind(new() { [$"Twins:{key}"] = value }));

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"Twins:{key} must be", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryBadValueIsReported()
    {
        var result = _validator.Validate(null, new TwinOptions { TelemetryWindowSize = 0, SnapshotInterval = TimeSpan.Zero });

        Assert.Equal(2, result.Failures!.Count());
    }

    [Fact]
    public void ResolvingBadOptionsFromTheTwinServicesThrowsNamingTheKey()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Twins:TelemetryWindowSize"] = "-1" })
            .Build();
        using var services = new ServiceCollection().AddLogging().AddTwinServices(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<TwinOptions>>().Value);

        Assert.Contains("Twins:TelemetryWindowSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigurationIsBoundFromTheTwinsSection()
    {
        var options = Bind(new() { ["Twins:AutoDiscovery"] = "false", ["Twins:TelemetryWindowSize"] = "7" });

        Assert.False(options.AutoDiscovery);
        Assert.Equal(7, options.TelemetryWindowSize);
        Assert.Equal("Twins", TwinOptions.SectionName);
    }

    private static TwinOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new TwinOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(TwinOptions.SectionName).Bind(options);
        return options;
    }
}
