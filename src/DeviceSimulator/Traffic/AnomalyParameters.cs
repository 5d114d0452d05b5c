using System.Globalization;
using System.Text;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// The knobs of one anomaly episode, as drawn for it. <see cref="Rate"/> is read per class (packets/s for a spike,
/// attempts/s for brute force, probes/s for a scan, queries/s for DNS tunnelling, bytes/s for exfiltration, ...: see
/// <see cref="AnomalyCatalog"/>); <see cref="Intensity"/> scales the rate; <see cref="Ramp"/> is how long the onset and
/// offset phases last; <see cref="Variants"/> hold the class-specific choices (<see cref="AnomalyVariants"/>).
/// </summary>
/// <param name="Rate">Class-specific rate (see <see cref="AnomalyCatalog"/>).</param>
/// <param name="Duration">Episode length in seconds.</param>
/// <param name="Period">Period in seconds (beacon interval, mean gap between timing bursts, exfiltration upload interval).</param>
/// <param name="Jitter">Share of the period randomised (0 = strictly periodic).</param>
/// <param name="Intensity">Multiplier on the rate at full strength.</param>
/// <param name="Ramp">Seconds of onset and of offset, each at most a quarter of the episode.</param>
/// <param name="Band">The band the episode was drawn from.</param>
/// <param name="Variants">Class-specific choices, name and value, in the catalog's order; null when none were drawn.</param>
public sealed record AnomalyParameters(
    double Rate,
    double Duration,
    double Period,
    double Jitter,
    double Intensity,
    double Ramp,
    AnomalyBand Band = AnomalyBand.Standard,
    IReadOnlyList<KeyValuePair<string, string>>? Variants = null)
{
    /// <summary>The value drawn for a variant; null when the episode has none (injectors then act as the defaults say).</summary>
    public string? Variant(string name)
    {
        foreach (var (key, value) in Variants ?? [])
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>
    /// The compact JSON written to the ground truth's <c>parameters</c> column; fixed key order: the numbers, the band,
    /// then the variants (<c>true</c>/<c>false</c> as JSON booleans).
    /// </summary>
    public string ToJson()
    {
        var text = new StringBuilder("{");
        Append(text, "rate", Rate).Append(',');
        Append(text, "duration_s", Duration).Append(',');
        Append(text, "period_s", Period).Append(',');
        Append(text, "jitter", Jitter).Append(',');
        Append(text, "intensity", Intensity).Append(',');
        Append(text, "ramp_s", Ramp).Append(',');
        text.Append("\"band\":\"").Append(AnomalyCatalog.NameOf(Band)).Append('"');
        foreach (var (name, value) in Variants ?? [])
        {
            // Names and values come from the catalog's fixed lists, so they need no escaping.
            text.Append(",\"").Append(name).Append("\":");
            if (value is "true" or "false")
            {
                text.Append(value);
            }
            else
            {
                text.Append('"').Append(value).Append('"');
            }
        }

        return text.Append('}').ToString();
    }

    private static StringBuilder Append(StringBuilder text, string name, double value) =>
        text.Append('"').Append(name).Append("\":").Append(Math.Round(value, 6).ToString(CultureInfo.InvariantCulture));
}
