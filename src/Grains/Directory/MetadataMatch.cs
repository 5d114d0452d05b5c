using System.Globalization;
using System.Text.RegularExpressions;
using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Directory;

/// <summary>
/// What a metadata filter's text matches, for every directory: the text itself, the number it spells in
/// JSON syntax (<c>2</c>, <c>2.0</c> and <c>2e0</c> all match the number 2) and the boolean <c>true</c> or
/// <c>false</c>. A query string carries only text, so this is how <c>floor=2</c> finds <c>{"floor": 2}</c>.
/// </summary>
public static partial class MetadataMatch
{
    /// <summary>The values that <paramref name="text"/> stands for: the text, and the number or boolean it spells.</summary>
    public static FieldValue[] ValuesOf(string text)
    {
        if (text is "true" or "false")
        {
            return [FieldValue.FromText(text), FieldValue.FromBoolean(text == "true")];
        }

        return JsonNumber().IsMatch(text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number)
                ? [FieldValue.FromText(text), FieldValue.FromNumber(number)]
                : [FieldValue.FromText(text)];
    }

    public static bool Matches(IReadOnlyDictionary<string, FieldValue> metadata, string name, FieldValue[] values) =>
        metadata.TryGetValue(name, out var value) && Array.IndexOf(values, value) >= 0;

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}
