using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Wire.Payloads;

namespace DigitalTwin.Wire.Tests.Payloads;

/// <summary>Reading a JSON Merge Patch of desired fields: the field rules, plus null for removal.</summary>
public sealed class MergePatchReaderTests
{
    [Fact]
    public void ValuesSetAndNullsRemove()
    {
        var error = Read("""{"setpoint":21,"mode":null,"on":true}""", out var set, out var remove);

        Assert.Null(error);
        Assert.Equal([new NamedValue("setpoint", FieldValue.FromNumber(21)), new NamedValue("on", FieldValue.FromBoolean(true))], set);
        Assert.Equal(["mode"], remove);
    }

    [Theory]
    [InlineData("""[1,2]""", PayloadErrorCodes.InvalidPayload)]
    [InlineData("""null""", PayloadErrorCodes.InvalidPayload)]
    [InlineData("""  "text" """, PayloadErrorCodes.InvalidPayload)]
    [InlineData("""{"a":{"b":1}}""", PayloadErrorCodes.InvalidValue)]
    [InlineData("""{"a":[1]}""", PayloadErrorCodes.InvalidValue)]
    [InlineData("""{"bad name":1}""", PayloadErrorCodes.InvalidValue)]
    [InlineData("""{"$where":null}""", PayloadErrorCodes.InvalidValue)]
    [InlineData("""{"a":null,"a":1}""", PayloadErrorCodes.InvalidPayload)]
    [InlineData("""{"a":1,"a":null}""", PayloadErrorCodes.InvalidPayload)]
    public void PatchesBreakingTheFieldRulesAreRefused(string json, string code)
    {
        var error = Read(json, out var set, out var remove);

        Assert.Equal(code, error?.Code);
        Assert.Empty(set);
        Assert.Empty(remove);
    }

    [Fact]
    public void RemovalsCountTowardsTheFieldLimit()
    {
        var json = "{" + string.Join(',', Enumerable.Range(0, FieldLimits.MaxFields + 1).Select(i => $"\"f{i}\":null")) + "}";

        Assert.Equal(PayloadErrorCodes.InvalidPayload, Read(json, out _, out _)?.Code);
    }

    private static PayloadError? Read(string json, out NamedValue[] set, out string[] remove)
    {
        using var document = JsonDocument.Parse(json);
        return FieldSetReader.TryReadMergePatch(document.RootElement, out set, out remove);
    }
}
