using System.Globalization;

namespace DigitalTwin.Behaviour.Dataset;

/// <summary>The text forms of ground-truth enums and times, shared by the writers and the reader.</summary>
public static class DatasetText
{
    /// <summary>UTC ISO 8601 with only the fractional digits a time needs: <c>2026-01-05T00:00:10Z</c>.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public static string Of(GroundTruthLabel label) => label switch
    {
        GroundTruthLabel.Normal => "normal",
        GroundTruthLabel.Anomalous => "anomalous",
        _ => "unknown",
    };

    public static string Of(GroundTruthPhase phase) => phase switch
    {
        GroundTruthPhase.Onset => "onset",
        GroundTruthPhase.Steady => "steady",
        GroundTruthPhase.Offset => "offset",
        _ => "none",
    };

    public static bool TryParseLabel(string text, out GroundTruthLabel label)
    {
        label = text switch
        {
            "normal" => GroundTruthLabel.Normal,
            "anomalous" => GroundTruthLabel.Anomalous,
            "unknown" => GroundTruthLabel.Unknown,
            _ => (GroundTruthLabel)(-1),
        };
        return Enum.IsDefined(label);
    }

    public static bool TryParsePhase(string text, out GroundTruthPhase phase)
    {
        phase = text switch
        {
            "none" => GroundTruthPhase.None,
            "onset" => GroundTruthPhase.Onset,
            "steady" => GroundTruthPhase.Steady,
            "offset" => GroundTruthPhase.Offset,
            _ => (GroundTruthPhase)(-1),
        };
        return Enum.IsDefined(phase);
    }

    public static string Of(bool value) => value ? "true" : "false";

    public static bool TryParseBool(string text, out bool value)
    {
        value = text == "true";
        return value || text == "false";
    }

    public static string Of(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
