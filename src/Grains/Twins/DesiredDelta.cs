using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The difference between what a twin wants and what its device reports: every desired field whose
/// reported value is absent or different. Values compare exactly, kind included (<c>true</c> is not <c>1</c>).
/// </summary>
internal static class DesiredDelta
{
    public static Dictionary<string, FieldValue> Compute(
        IReadOnlyDictionary<string, DesiredField> desired, IReadOnlyDictionary<string, ReportedField> reported)
    {
        var delta = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var (name, field) in desired)
        {
            if (!IsReported(field.Value, reported, name))
            {
                delta[name] = field.Value;
            }
        }

        return delta;
    }

    /// <summary>Whether the device reports the desired value for the field.</summary>
    public static bool IsReported(FieldValue desired, IReadOnlyDictionary<string, ReportedField> reported, string name) =>
        reported.TryGetValue(name, out var current) && current.Value == desired;
}
