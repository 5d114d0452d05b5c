using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Twins;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>A twin holds a bounded number of distinct reported fields, whoever writes them.</summary>
public sealed class ReportedFieldLimitTests
{
    private static readonly DateTimeOffset T0 = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Twin _twin = new("sensor-1", new TwinState(), new TwinRules(100, AutoDiscovery: true, TimeSpan.FromMinutes(5), MaxReportedFields: 3));

    [Fact]
    public void DeviceMessageWithNewNamesPastTheLimitIsRefusedWhole()
    {
        _twin.Apply(Message(T0, "a", "b"));
        var version = _twin.State.Version;

        var outcome = _twin.Apply(Message(T0.AddSeconds(1), "a", "c", "d"));

        Assert.Equal(DeviceMessageResult.TooManyFields, outcome.Result);
        Assert.Equal(["a", "b"], _twin.State.Reported.Keys.Order());
        Assert.Equal(0, _twin.State.Reported["a"].Value.Number);
        Assert.Equal(version, _twin.State.Version);
        Assert.Equal(1, _twin.State.RejectedMessages);
    }

    [Fact]
    public void KnownNamesStillUpdateAtTheLimit()
    {
        _twin.Apply(Message(T0, "a", "b", "c"));

        var outcome = _twin.Apply(Message(T0.AddSeconds(1), "a", "b", "c"));

        Assert.Equal(DeviceMessageResult.Applied, outcome.Result);
        Assert.Equal(3, _twin.State.Reported.Count);
    }

    [Fact]
    public void ApiWritePastTheLimitIsRefused()
    {
        _twin.Create(new TwinDefinition("sensor", [], []), T0);
        _twin.UpdateReported([Value("a"), Value("b"), Value("c")], T0, out _, out _);

        var status = _twin.UpdateReported([Value("d")], T0.AddSeconds(1), out var changed, out _);

        Assert.Equal(TwinWriteStatus.TooManyFields, status);
        Assert.Empty(changed);
        Assert.False(_twin.State.Reported.ContainsKey("d"));
    }

    private static DeviceMessage Message(DateTimeOffset at, params string[] names) =>
        new("sensor-1", DeviceMessageKind.Telemetry, at, at, null, [.. names.Select(Value)], null);

    private static NamedValue Value(string name) => new(name, FieldValue.FromNumber(0));
}
