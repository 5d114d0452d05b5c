using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Twins;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>
/// Reported values merge per field, last write wins by the device's own time. Every message here arrives at a time
/// other than its device time, and in an order that differs from its device time's, so a merge by arrival time
/// (or by processing order) fails these tests; device times stay behind their arrival, within the clock tolerance.
/// </summary>
public sealed class LastWriteWinsTests
{
    private const string Id = "sensor-1";

    private static readonly DateTimeOffset T0 = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Arrivals come a minute after the device times they carry: delivery was delayed.</summary>
    private static readonly DateTimeOffset A0 = T0.AddMinutes(1);

    private readonly Twin _twin = new(Id, new TwinState(), new TwinRules(100, AutoDiscovery: true, TimeSpan.FromMinutes(5)));

    [Fact]
    public void NewerTelemetryOverwritesOlderState()
    {
        _twin.Apply(Arriving(A0.AddSeconds(10), Telemetry(Id, T0, Number("temperature", 20))));

        var outcome = _twin.Apply(Arriving(A0, Telemetry(Id, T0.AddSeconds(1), Number("temperature", 21))));

        Assert.Equal(DeviceMessageResult.Applied, outcome.Result);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(21), T0.AddSeconds(1)), _twin.State.Reported["temperature"]);
        Assert.Equal([Number("temperature", 21)], outcome.Changed);
    }

    [Fact]
    public void OlderTelemetryNeverOverwritesNewerState()
    {
        _twin.Apply(Arriving(A0, Telemetry(Id, T0.AddSeconds(10), Number("temperature", 25))));

        var outcome = _twin.Apply(Arriving(A0.AddSeconds(10), Telemetry(Id, T0, Number("temperature", 20))));

        Assert.Equal(DeviceMessageResult.Stale, outcome.Result);
        Assert.Empty(outcome.Changed);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(25), T0.AddSeconds(10)), _twin.State.Reported["temperature"]);
    }

    [Fact]
    public void MessageWhoseEveryValueIsOlderIsCountedStale()
    {
        _twin.Apply(Arriving(A0, Telemetry(Id, T0.AddSeconds(10), Number("a", 1), Number("b", 1))));

        _twin.Apply(Arriving(A0.AddSeconds(5), Telemetry(Id, T0, Number("a", 0), Number("b", 0))));
        _twin.Apply(Arriving(A0.AddSeconds(10), State(Id, T0.AddSeconds(5), Number("b", 0))));

        Assert.Equal(2, _twin.State.StaleMessages);
        Assert.Equal(1, _twin.State.AcceptedMessages);
    }

    [Fact]
    public void StaleMessageDoesNotChangeTheVersion()
    {
        _twin.Apply(Arriving(A0, Telemetry(Id, T0.AddSeconds(10), Number("a", 1))));
        var version = _twin.State.Version;

        _twin.Apply(Arriving(A0.AddSeconds(10), Telemetry(Id, T0, Number("a", 0))));

        Assert.Equal(version, _twin.State.Version);
    }

    [Fact]
    public void PartlyStaleMessageAppliesOnlyItsNewerFields()
    {
        _twin.Apply(Arriving(A0, Telemetry(Id, T0.AddSeconds(10), Number("temperature", 25))));
        _twin.Apply(Arriving(A0.AddSeconds(20), Telemetry(Id, T0, Number("humidity", 40))));

        var outcome = _twin.Apply(Arriving(A0.AddSeconds(10), Telemetry(Id, T0.AddSeconds(5), Number("temperature", 22), Number("humidity", 45))));

        Assert.Equal(DeviceMessageResult.Applied, outcome.Result);
        Assert.Equal([Number("humidity", 45)], outcome.Changed);
        Assert.Equal(FieldValue.FromNumber(25), _twin.State.Reported["temperature"].Value);
        Assert.Equal(FieldValue.FromNumber(45), _twin.State.Reported["humidity"].Value);
        Assert.Equal(T0.AddSeconds(5), _twin.State.Reported["humidity"].UpdatedAt);
        Assert.Equal(0, _twin.State.StaleMessages);
        Assert.Equal(3, _twin.State.AcceptedMessages);
    }

    [Fact]
    public void PartlyStaleMessageReportsItsNewerFieldsInTheirOrderWhereverTheStaleOnesStand()
    {
        _twin.Apply(Arriving(A0, Telemetry(Id, T0.AddSeconds(10), Number("temperature", 25))));

        var outcome = _twin.Apply(Arriving(A0.AddSeconds(10), Telemetry(Id, T0.AddSeconds(5),
            Number("humidity", 45), Number("temperature", 22), Number("battery", 80))));

        Assert.Equal([Number("humidity", 45), Number("battery", 80)], outcome.Changed);
        Assert.Equal(FieldValue.FromNumber(25), _twin.State.Reported["temperature"].Value);
    }

    [Fact]
    public void FieldsAbsentFromAMessageKeepTheirValuesAndTimes()
    {
        _twin.Apply(Arriving(A0.AddSeconds(10), Telemetry(Id, T0, Number("temperature", 20), Text("mode", "eco"))));

        _twin.Apply(Arriving(A0, Telemetry(Id, T0.AddSeconds(1), Number("temperature", 21))));

        Assert.Equal(new ReportedField(FieldValue.FromText("eco"), T0), _twin.State.Reported["mode"]);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(21), T0.AddSeconds(1)), _twin.State.Reported["temperature"]);
        Assert.Equal(2, _twin.State.Reported.Count);
    }

    [Fact]
    public void VersionGrowsWithEveryChange()
    {
        var versions = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            // Device times rise while the arrival stamps fall: only device time orders them.
            _twin.Apply(Arriving(A0.AddSeconds(10 - i), Telemetry(Id, T0.AddSeconds(i), Number("temperature", i))));
            versions.Add(_twin.State.Version);
        }

        Assert.Equal([1, 2, 3, 4, 5], versions);
    }

    [Fact]
    public void ApiWriteUsesServerTimeAsItsClock()
    {
        _twin.Apply(Arriving(A0, Telemetry(Id, T0, Number("setpoint", 20))));

        // The device's report arrives after the API write but was measured before it.
        var status = _twin.UpdateReported([Number("setpoint", 18)], T0.AddMinutes(1), out var changed, out _);
        var outcome = _twin.Apply(Arriving(A0.AddSeconds(30), Telemetry(Id, T0.AddSeconds(30), Number("setpoint", 22))));

        Assert.Equal(TwinWriteStatus.Applied, status);
        Assert.Equal([Number("setpoint", 18)], changed);
        Assert.Equal(DeviceMessageResult.Stale, outcome.Result);
        Assert.Equal(FieldValue.FromNumber(18), _twin.State.Reported["setpoint"].Value);
    }

    [Fact]
    public void TelemetryLandsInTheWindowEvenWhenItsValuesAreStale()
    {
        _twin.Apply(Arriving(A0, Telemetry(Id, T0.AddSeconds(10), Number("temperature", 25))));

        var outcome = _twin.Apply(Arriving(A0.AddSeconds(10), Telemetry(Id, T0, Number("temperature", 20))));

        Assert.Equal(DeviceMessageResult.Stale, outcome.Result);
        Assert.Equal([T0, T0.AddSeconds(10)], _twin.State.Telemetry.Select(p => p.Timestamp));
    }

    [Fact]
    public void StateMessagesUpdateStateButNotTheTelemetryWindow()
    {
        _twin.Apply(Arriving(A0.AddSeconds(10), State(Id, T0.AddSeconds(1), Text("valve", "open"))));
        _twin.Apply(Arriving(A0, State(Id, T0, Text("valve", "closed"))));

        Assert.Equal(new ReportedField(FieldValue.FromText("open"), T0.AddSeconds(1)), _twin.State.Reported["valve"]);
        Assert.Empty(_twin.State.Telemetry);
    }

    [Fact]
    public void OnEqualDeviceTimesTheValueMergedLaterWins()
    {
        // The later message arrives with the earlier stamp: the tie is decided by the order the device sent them
        // in (the order its twin merges them), never by arrival stamps.
        _twin.Apply(Arriving(A0.AddSeconds(10), Telemetry(Id, T0, Number("temperature", 20))));

        var outcome = _twin.Apply(Arriving(A0, Telemetry(Id, T0, Number("temperature", 21))));

        Assert.Equal(DeviceMessageResult.Applied, outcome.Result);
        Assert.Equal([Number("temperature", 21)], outcome.Changed);
        Assert.Equal(new ReportedField(FieldValue.FromNumber(21), T0), _twin.State.Reported["temperature"]);
        Assert.Equal(0, _twin.State.StaleMessages);
    }

    private static DeviceMessage Arriving(DateTimeOffset receivedAt, DeviceMessage message) => message with { ReceivedAt = receivedAt };
}
