using DigitalTwin.Grains.Tests.Infrastructure;
using DigitalTwin.Wire.Payloads;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>Past <c>Twins:MaxDiscoveriesPerMinute</c>, an unknown device's message creates nothing and the device is told why.</summary>
public sealed class TwinGrainDiscoveryCapTests : IClassFixture<CappedDiscoveryClusterFixture>
{
    private readonly CappedDiscoveryClusterFixture _fixture;

    public TwinGrainDiscoveryCapTests(CappedDiscoveryClusterFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task TheDeviceOverTheCapGetsNoTwinAndDiscoveryCappedOnItsErrorTopic()
    {
        var ids = Enumerable.Range(0, CappedDiscoveryClusterFixture.PerMinute + 1).Select(_ => DeviceIds.New()).ToList();

        foreach (var id in ids)
        {
            await _fixture.SendAsync(Telemetry(id, DateTimeOffset.UtcNow, Number("temperature", 21)));
        }

        var created = new List<string>();
        foreach (var id in ids)
        {
            if (await _fixture.Twin(id).GetAsync() is not null)
            {
                created.Add(id);
            }
        }

        Assert.Equal(ids.Take(CappedDiscoveryClusterFixture.PerMinute), created);
        var capped = ids[^1];
        var errors = await Eventually.UntilRecorded(() => _fixture.Channel.ErrorsFor(capped), e => e.Count > 0, "an error for the capped device");
        var error = Assert.Single(errors);
        Assert.Equal(PayloadErrorCodes.DiscoveryCapped, error.Code);
        Assert.Contains("Twins:MaxDiscoveriesPerMinute", error.Message, StringComparison.Ordinal);
    }
}
