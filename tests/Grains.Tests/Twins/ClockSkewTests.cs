using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Twins;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>
/// A device clock running ahead cannot freeze a twin: beyond the tolerance a message is ordered by its receive time,
/// a network window is refused, and both are counted.
/// </summary>
public sealed class ClockSkewTests
{
    private const string Id = "sensor-1";

    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Twin _twin = new(Id, new TwinState(), new TwinRules(100, AutoDiscovery: true, TimeSpan.FromMinutes(5))
    {
        FutureTimestampTolerance = TimeSpan.FromSeconds(5),
    });

    [Fact]
    public void MessageStampedBeyondTheToleranceIsOrderedByItsReceiveTime()
    {
        var outcome = _twin.Apply(Received(Now, Telemetry(Id, Now.AddSeconds(290), Number("temperature", 99))));

        Assert.Equal(DeviceMessageResult.Applied, outcome.Result);
        Assert.True(outcome.ClockSkewed);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(99), Now), _twin.State.Reported["temperature"]);
    }

    [Fact]
    public void NormalMessageAfterAClockSkewedOneIsApplied()
    {
        _twin.Apply(Received(Now, Telemetry(Id, Now.AddSeconds(290), Number("temperature", 99))));

        var outcome = _twin.Apply(Received(Now.AddSeconds(1), Telemetry(Id, Now.AddSeconds(1), Number("temperature", 21))));

        Assert.Equal(DeviceMessageResult.Applied, outcome.Result);
        Assert.False(outcome.ClockSkewed);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(21), Now.AddSeconds(1)), _twin.State.Reported["temperature"]);
        Assert.Equal(0, _twin.State.StaleMessages);
    }

    [Fact]
    public void MessageWithinTheToleranceKeepsItsDeviceTime()
    {
        var outcome = _twin.Apply(Received(Now, Telemetry(Id, Now.AddSeconds(5), Number("temperature", 21))));

        Assert.False(outcome.ClockSkewed);
        Assert.Equal(Now.AddSeconds(5), _twin.State.Reported["temperature"].UpdatedAt);
        Assert.Equal(0, _twin.State.ClockSkewedMessages);
    }

    [Fact]
    public void ClockSkewedTelemetryKeepsItsDeviceTimeInTheTelemetryWindow()
    {
        _twin.Apply(Received(Now, Telemetry(Id, Now.AddSeconds(200), Number("temperature", 99))));

        Assert.Equal([Now.AddSeconds(200)], _twin.State.Telemetry.Select(p => p.Timestamp));
    }

    [Fact]
    public void ClockSkewedMessagesAreCountedAndShownInTheCounters()
    {
        _twin.Apply(Received(Now, Telemetry(Id, Now.AddSeconds(200), Number("temperature", 99))));
        _twin.Apply(Received(Now.AddSeconds(1), State(Id, Now.AddSeconds(201), Number("temperature", 98))));

        Assert.Equal(new TwinCounters(2, 0, 0, 0, 2), _twin.ToSnapshot(Now).Counters);
    }

    [Fact]
    public void ZeroToleranceOrdersAnyMessageAheadOfItsReceiveTimeByThatTime()
    {
        var strict = new Twin(Id, new TwinState(), new TwinRules(100, AutoDiscovery: true, TimeSpan.FromMinutes(5)) { FutureTimestampTolerance = TimeSpan.Zero });

        var outcome = strict.Apply(Received(Now, Telemetry(Id, Now.AddMilliseconds(1), Number("temperature", 21))));

        Assert.True(outcome.ClockSkewed);
        Assert.Equal(Now, strict.State.Reported["temperature"].UpdatedAt);
    }

    [Fact]
    public void NetworkWindowStartingBeyondTheToleranceIsRefusedAndCounted()
    {
        _twin.Apply(Received(Now, Telemetry(Id, Now, Number("temperature", 21))));

        var outcome = _twin.AdmitNetworkWindow(Now.AddSeconds(290), receivedAt: Now);

        Assert.Equal(DeviceMessageResult.ClockSkewed, outcome.Result);
        Assert.True(outcome.ClockSkewed);
        Assert.Equal(1, _twin.State.ClockSkewedMessages);
    }

    [Fact]
    public void NetworkWindowStartingBeyondTheToleranceDiscoversNoTwin()
    {
        var outcome = _twin.AdmitNetworkWindow(Now.AddSeconds(290), receivedAt: Now);

        Assert.Equal(DeviceMessageResult.ClockSkewed, outcome.Result);
        Assert.False(_twin.Exists);
    }

    [Fact]
    public void NetworkWindowStartingWithinTheToleranceIsAdmitted()
    {
        var outcome = _twin.AdmitNetworkWindow(Now.AddSeconds(5), receivedAt: Now);

        Assert.Equal(DeviceMessageResult.Applied, outcome.Result);
        Assert.False(outcome.ClockSkewed);
        Assert.Equal(0, _twin.State.ClockSkewedMessages);
    }

    private static DeviceMessage Received(DateTimeOffset receivedAt, DeviceMessage message) => message with { ReceivedAt = receivedAt };
}
