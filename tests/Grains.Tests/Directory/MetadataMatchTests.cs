using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Tests.Directory;

/// <summary>A metadata filter's text matches that text, the number it spells in JSON syntax, or the boolean.</summary>
public sealed class MetadataMatchTests
{
    public static TheoryData<string, FieldValue, bool> Cases => new()
    {
        { "building-1", FieldValue.FromText("building-1"), true },
        { "Building-1", FieldValue.FromText("building-1"), false },
        { "building-1 ", FieldValue.FromText("building-1"), false },
        { "2", FieldValue.FromNumber(2), true },
        { "2.0", FieldValue.FromNumber(2), true },
        { "2e0", FieldValue.FromNumber(2), true },
        { "-0.5", FieldValue.FromNumber(-0.5), true },
        { "2", FieldValue.FromText("2"), true },
        { "02", FieldValue.FromNumber(2), false },
        { "+2", FieldValue.FromNumber(2), false },
        { "2\n", FieldValue.FromNumber(2), false },
        { "NaN", FieldValue.FromNumber(double.NaN), false },
        { "Infinity", FieldValue.FromNumber(double.PositiveInfinity), false },
        { "1e400", FieldValue.FromText("1e400"), true },
        { "true", FieldValue.FromBoolean(true), true },
        { "false", FieldValue.FromBoolean(false), true },
        { "True", FieldValue.FromBoolean(true), false },
        { "1", FieldValue.FromBoolean(true), false },
        { "true", FieldValue.FromText("true"), true },
        { "", FieldValue.FromText(""), true },
        { "'; DROP TABLE x; --", FieldValue.FromText("'; DROP TABLE x; --"), true },
        { "bâtiment-①", FieldValue.FromText("bâtiment-①"), true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FilterTextMatchesTheValueItSpells(string text, FieldValue value, bool expected)
    {
        var metadata = new Dictionary<string, FieldValue> { ["location"] = value };

        Assert.Equal(expected, MetadataMatch.Matches(metadata, "location", MetadataMatch.ValuesOf(text)));
    }

    [Fact]
    public void MissingFieldNeverMatches()
    {
        Assert.False(MetadataMatch.Matches(new Dictionary<string, FieldValue>(), "location", MetadataMatch.ValuesOf("")));
    }
}
