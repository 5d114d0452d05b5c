using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Wire.Payloads;

namespace DigitalTwin.Wire.Tests.Payloads;

/// <summary>The one validator of field names and value types, for MQTT and API alike.</summary>
public sealed class FieldSetReaderTests
{
    [Fact]
    public void ScalarsBecomeTypedValuesInPayloadOrder()
    {
        var error = Read("""{"b":2.5,"a":"text","c":false,"d":-0.001}""", out var values);

        Assert.Null(error);
        Assert.Equal(
            [
                new NamedValue("b", FieldValue.FromNumber(2.5)),
                new NamedValue("a", FieldValue.FromText("text")),
                new NamedValue("c", FieldValue.FromBoolean(false)),
                new NamedValue("d", FieldValue.FromNumber(-0.001)),
            ],
            values);
    }

    [Fact]
    public void SkippedNamesAreLeftOut()
    {
        var error = Read("""{"timestamp":"not checked here","power":1}""", out var values, new HashSet<string> { "timestamp" });

        Assert.Null(error);
        Assert.Equal([new NamedValue("power", FieldValue.FromNumber(1))], values);
    }

    [Fact]
    public void SkippedNamesDoNotCountTowardsTheFieldLimit()
    {
        var fields = string.Join(",", Enumerable.Range(0, FieldLimits.MaxFields).Select(i => $"\"f{i}\":{i}"));

        var error = Read($$"""{"skip":1,{{fields}}}""", out var values, new HashSet<string> { "skip" });

        Assert.Null(error);
        Assert.Equal(FieldLimits.MaxFields, values.Length);
    }

    [Fact]
    public void EmptyObjectReadsAsNoValues()
    {
        var error = Read("{}", out var values);

        Assert.Null(error);
        Assert.Empty(values);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("1")]
    [InlineData("\"x\"")]
    [InlineData("null")]
    public void NonObjectIsAnInvalidPayload(string json)
    {
        var error = Read(json, out var values);

        Assert.Equal(PayloadErrorCodes.InvalidPayload, error?.Code);
        Assert.Empty(values);
    }

    [Fact]
    public void ErrorLeavesNoValuesBehind()
    {
        var error = Read("""{"good":1,"bad":null}""", out var values);

        Assert.Equal(PayloadErrorCodes.InvalidValue, error?.Code);
        Assert.Empty(values);
    }

    [Fact]
    public void DictionaryReadKeysValuesByName()
    {
        using var document = JsonDocument.Parse("""{"location":"hall","floor":2}""");

        var error = FieldSetReader.TryReadDictionary(document.RootElement, out var values);

        Assert.Null(error);
        Assert.Equal(2, values.Count);
        Assert.Equal(FieldValue.FromText("hall"), values["location"]);
        Assert.Equal(FieldValue.FromNumber(2), values["floor"]);
    }

    [Fact]
    public void DictionaryReadReportsTheSameErrors()
    {
        using var document = JsonDocument.Parse("""{"location":{"room":1}}""");

        var error = FieldSetReader.TryReadDictionary(document.RootElement, out var values);

        Assert.Equal(PayloadErrorCodes.InvalidValue, error?.Code);
        Assert.Empty(values);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("_private")]
    [InlineData("Temperature")]
    [InlineData("temp.celsius")]
    [InlineData("temp-1_max")]
    [InlineData("x123456789012345678901234567890123456789012345678901234567890123")]
    public void ValidNames(string name) => Assert.True(FieldSetReader.IsValidName(name));

    [Theory]
    [InlineData("")]
    [InlineData("1st")]
    [InlineData(".hidden")]
    [InlineData("-dash")]
    [InlineData("has space")]
    [InlineData("slash/name")]
    [InlineData("ünits")]
    [InlineData("x1234567890123456789012345678901234567890123456789012345678901234")]
    public void InvalidNames(string name) => Assert.False(FieldSetReader.IsValidName(name));

    private static PayloadError? Read(string json, out NamedValue[] values, IReadOnlySet<string>? skip = null)
    {
        using var document = JsonDocument.Parse(json);
        return FieldSetReader.TryRead(document.RootElement, out values, skip);
    }
}
