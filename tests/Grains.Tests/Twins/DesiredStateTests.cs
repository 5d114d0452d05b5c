using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Twins;
using DigitalTwin.Wire.Payloads;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>Desired state: replace, merge patch, the delta against reported state and how reports clear it.</summary>
public sealed class DesiredStateTests
{
    private const string Id = "thermostat-1";

    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Twin _twin = new(Id, new TwinState(), new TwinRules(100, AutoDiscovery: true, TimeSpan.FromMinutes(5)));

    public DesiredStateTests()
    {
        _twin.Create(new TwinDefinition("thermostat", [], []), T0);
    }

    [Fact]
    public void DeltaHoldsDesiredFieldsTheDeviceDoesNotReportOrReportsDifferently()
    {
        _twin.Apply(State(Id, T0, Number("setpoint", 18), Text("mode", "eco"), Number("temperature", 19)));

        _twin.ReplaceDesired(Fields(("setpoint", Num(21)), ("mode", Txt("eco")), ("fan", Bool(true))), T0.AddSeconds(1));

        Assert.Equal(Fields(("setpoint", Num(21)), ("fan", Bool(true))), _twin.Delta());
    }

    [Fact]
    public void ValuesOfAnotherKindAreADifference()
    {
        _twin.Apply(State(Id, T0, Number("on", 1), Text("level", "3")));

        _twin.ReplaceDesired(Fields(("on", Bool(true)), ("level", Num(3))), T0.AddSeconds(1));

        Assert.Equal(Fields(("on", Bool(true)), ("level", Num(3))), _twin.Delta());
    }

    [Fact]
    public void ReplaceSetsEveryFieldWithItsTimeAndCountsAsOneWrite()
    {
        var version = _twin.State.Version;

        var status = _twin.ReplaceDesired(Fields(("setpoint", Num(21)), ("mode", Txt("eco"))), T0.AddSeconds(1));

        Assert.Equal(TwinWriteStatus.Applied, status);
        var snapshot = _twin.ToSnapshot(T0.AddSeconds(1));
        Assert.Equal(new DesiredField(Num(21), T0.AddSeconds(1)), snapshot.Desired["setpoint"]);
        Assert.Equal(new DesiredField(Txt("eco"), T0.AddSeconds(1)), snapshot.Desired["mode"]);
        Assert.Equal(1, snapshot.DesiredVersion);
        Assert.Equal(version + 1, snapshot.Version);
        Assert.Equal(T0.AddSeconds(1), snapshot.LastUpdated);
        Assert.Equal(2, snapshot.Delta.Count);
    }

    [Fact]
    public void ReplaceDropsFieldsItDoesNotName()
    {
        _twin.ReplaceDesired(Fields(("setpoint", Num(21)), ("mode", Txt("eco"))), T0);

        _twin.ReplaceDesired(Fields(("fan", Bool(false))), T0.AddSeconds(1));

        Assert.Equal(["fan"], _twin.State.Desired.Keys);
        Assert.Equal(2, _twin.State.DesiredVersion);
    }

    [Fact]
    public void ReplaceWithNothingClearsDesiredState()
    {
        _twin.ReplaceDesired(Fields(("setpoint", Num(21))), T0);

        Assert.Equal(TwinWriteStatus.Applied, _twin.ReplaceDesired([], T0.AddSeconds(1)));

        Assert.Empty(_twin.State.Desired);
        Assert.Empty(_twin.Delta());
    }

    // RFC 7396, appendix A: the examples whose documents hold only scalar fields.
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{}""", """{"a":1,"b":null}""", """{"a":1}""")]
    [InlineData("""{"a":"foo"}""", """{}""", """{"a":"foo"}""")]
    public void MergePatchFollowsRfc7396(string target, string patch, string expected)
    {
        _twin.ReplaceDesired(Parse(target), T0);

        var status = _twin.PatchDesired(Patch(patch), T0.AddSeconds(1));

        Assert.Equal(TwinWriteStatus.Applied, status);
        Assert.Equal(Parse(expected), _twin.State.Desired.ToDictionary(p => p.Key, p => p.Value.Value));
    }

    [Fact]
    public void PatchStampsOnlyTheFieldsItSets()
    {
        _twin.ReplaceDesired(Fields(("setpoint", Num(21)), ("mode", Txt("eco"))), T0);

        _twin.PatchDesired(new DesiredPatch([Number("setpoint", 22)], []), T0.AddSeconds(5));

        Assert.Equal(T0.AddSeconds(5), _twin.State.Desired["setpoint"].UpdatedAt);
        Assert.Equal(T0, _twin.State.Desired["mode"].UpdatedAt);
        Assert.Equal(2, _twin.State.DesiredVersion);
    }

    [Fact]
    public void ReportOfTheDesiredValueClearsItsDeltaEntry()
    {
        _twin.ReplaceDesired(Fields(("setpoint", Num(21)), ("mode", Txt("eco"))), T0);

        var outcome = _twin.Apply(State(Id, T0.AddSeconds(1), Number("setpoint", 21)));

        Assert.True(outcome.DeltaChanged);
        Assert.Equal(Fields(("mode", Txt("eco"))), _twin.Delta());
        Assert.Equal(Fields(("setpoint", Num(21)), ("mode", Txt("eco"))), _twin.State.Desired.ToDictionary(p => p.Key, p => p.Value.Value));
    }

    [Fact]
    public void ReportDriftingFromTheDesiredValueBringsTheDeltaEntryBack()
    {
        _twin.ReplaceDesired(Fields(("setpoint", Num(21))), T0);
        _twin.Apply(State(Id, T0.AddSeconds(1), Number("setpoint", 21)));

        var outcome = _twin.Apply(State(Id, T0.AddSeconds(2), Number("setpoint", 19)));

        Assert.True(outcome.DeltaChanged);
        Assert.Equal(Fields(("setpoint", Num(21))), _twin.Delta());
    }

    [Fact]
    public void ReportThatLeavesTheDeltaAsItWasSaysSo()
    {
        _twin.ReplaceDesired(Fields(("setpoint", Num(21))), T0);

        Assert.False(_twin.Apply(State(Id, T0.AddSeconds(1), Number("setpoint", 19))).DeltaChanged);
        Assert.False(_twin.Apply(State(Id, T0.AddSeconds(2), Number("temperature", 19))).DeltaChanged);
        _twin.Apply(State(Id, T0.AddSeconds(3), Number("setpoint", 21)));
        Assert.False(_twin.Apply(State(Id, T0.AddSeconds(4), Number("setpoint", 21))).DeltaChanged);
    }

    [Fact]
    public void StaleReportOfTheDesiredValueDoesNotClearTheDelta()
    {
        _twin.Apply(State(Id, T0.AddSeconds(10), Number("setpoint", 18)));
        _twin.ReplaceDesired(Fields(("setpoint", Num(21))), T0.AddSeconds(11));

        var outcome = _twin.Apply(State(Id, T0.AddSeconds(5), Number("setpoint", 21)));

        Assert.Equal(DeviceMessageResult.Stale, outcome.Result);
        Assert.False(outcome.DeltaChanged);
        Assert.Equal(Fields(("setpoint", Num(21))), _twin.Delta());
    }

    [Fact]
    public void ApiReportOfTheDesiredValueClearsItsDeltaEntry()
    {
        _twin.ReplaceDesired(Fields(("setpoint", Num(21))), T0);

        _twin.UpdateReported([Number("setpoint", 21)], T0.AddSeconds(1), out _, out var deltaChanged);

        Assert.True(deltaChanged);
        Assert.Empty(_twin.Delta());
    }

    [Fact]
    public void DesiredValueAlreadyReportedHasNoDelta()
    {
        _twin.Apply(State(Id, T0, Number("setpoint", 21)));

        _twin.PatchDesired(new DesiredPatch([Number("setpoint", 21)], []), T0.AddSeconds(1));

        Assert.Empty(_twin.Delta());
    }

    [Fact]
    public void StaleIfVersionIsRefusedAndChangesNothing()
    {
        var version = _twin.State.Version;

        Assert.Equal(TwinWriteStatus.PreconditionFailed, _twin.ReplaceDesired(Fields(("a", Num(1))), T0, precondition: new TwinPrecondition { IfMatch = [version - 1] }));
        Assert.Equal(TwinWriteStatus.PreconditionFailed, _twin.PatchDesired(new DesiredPatch([Number("a", 1)], []), T0, precondition: new TwinPrecondition { IfMatch = [version + 1] }));

        Assert.Empty(_twin.State.Desired);
        Assert.Equal(version, _twin.State.Version);
        Assert.Equal(0, _twin.State.DesiredVersion);
    }

    [Fact]
    public void CurrentIfVersionIsApplied()
    {
        Assert.Equal(TwinWriteStatus.Applied, _twin.PatchDesired(new DesiredPatch([Number("a", 1)], []), T0, precondition: new TwinPrecondition { IfMatch = [_twin.State.Version] }));
    }

    [Fact]
    public void DecommissionedTwinRefusesDesiredWrites()
    {
        _twin.ChangeLifecycle(TwinLifecycle.Active, T0);
        _twin.ChangeLifecycle(TwinLifecycle.Decommissioned, T0);
        var version = _twin.State.Version;

        Assert.Equal(TwinWriteStatus.Decommissioned, _twin.ReplaceDesired(Fields(("a", Num(1))), T0));
        Assert.Equal(TwinWriteStatus.Decommissioned, _twin.PatchDesired(new DesiredPatch([Number("a", 1)], []), T0));
        Assert.Equal(version, _twin.State.Version);
        Assert.Empty(_twin.State.Desired);
    }

    [Fact]
    public void MissingTwinIsNotFound()
    {
        var missing = new Twin("nobody", new TwinState(), new TwinRules(100, AutoDiscovery: true, TimeSpan.FromMinutes(5)));

        Assert.Equal(TwinWriteStatus.NotFound, missing.ReplaceDesired(Fields(("a", Num(1))), T0));
        Assert.Equal(TwinWriteStatus.NotFound, missing.PatchDesired(new DesiredPatch([], ["a"]), T0, precondition: new TwinPrecondition { IfMatch = [0] }));
    }

    [Fact]
    public void PatchPastTheCapIsRefusedWhole()
    {
        var full = Enumerable.Range(0, TwinRules.MaxDesiredFields).ToDictionary(i => $"f{i}", i => Num(i));
        Assert.Equal(TwinWriteStatus.Applied, _twin.ReplaceDesired(full, T0));
        var version = _twin.State.Version;

        var status = _twin.PatchDesired(new DesiredPatch([Number("f0", -1), Number("extra", 1)], []), T0.AddSeconds(1));

        Assert.Equal(TwinWriteStatus.TooManyFields, status);
        Assert.Equal(version, _twin.State.Version);
        Assert.Equal(Num(0), _twin.State.Desired["f0"].Value);
        Assert.False(_twin.State.Desired.ContainsKey("extra"));
    }

    [Fact]
    public void PatchThatRemovesAsItAddsStaysUnderTheCap()
    {
        var full = Enumerable.Range(0, TwinRules.MaxDesiredFields).ToDictionary(i => $"f{i}", i => Num(i));
        _twin.ReplaceDesired(full, T0);

        Assert.Equal(TwinWriteStatus.Applied, _twin.PatchDesired(new DesiredPatch([Number("extra", 1)], ["f0"]), T0.AddSeconds(1)));
    }

    [Fact]
    public void ReplacePastTheCapIsRefused()
    {
        var tooMany = Enumerable.Range(0, TwinRules.MaxDesiredFields + 1).ToDictionary(i => $"f{i}", i => Num(i));

        Assert.Equal(TwinWriteStatus.TooManyFields, _twin.ReplaceDesired(tooMany, T0));
        Assert.Empty(_twin.State.Desired);
    }

    [Fact]
    public void DeviceTrafficNeverWritesDesiredState()
    {
        _twin.ReplaceDesired(Fields(("setpoint", Num(21))), T0);

        _twin.Apply(Telemetry(Id, T0.AddSeconds(1), Number("setpoint", 30), Number("desired", 1)));

        Assert.Equal(Fields(("setpoint", Num(21))), _twin.State.Desired.ToDictionary(p => p.Key, p => p.Value.Value));
        Assert.Equal(1, _twin.State.DesiredVersion);
    }

    private static FieldValue Num(double value) => FieldValue.FromNumber(value);

    private static FieldValue Txt(string value) => FieldValue.FromText(value);

    private static FieldValue Bool(bool value) => FieldValue.FromBoolean(value);

    private static Dictionary<string, FieldValue> Fields(params (string Name, FieldValue Value)[] fields) =>
        fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);

    private static Dictionary<string, FieldValue> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Null(FieldSetReader.TryReadDictionary(document.RootElement, out var values));
        return values;
    }

    private static DesiredPatch Patch(string json)
    {
        using var document = JsonDocument.Parse(json);
        Assert.Null(FieldSetReader.TryReadMergePatch(document.RootElement, out var set, out var remove));
        return new DesiredPatch(set, remove);
    }
}
