using System.Globalization;
using System.Text;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// The knobs of one anomaly episode. <see cref="Rate"/> is read per class (packets/s for a spike, attempts/s for brute
/// force, probes/s for a scan, queries/s for DNS tunnelling, bytes/s for exfiltration, ...: see
/// <see cref="AnomalyCatalog"/>); <see cref="Intensity"/> scales the rate; <see cref="Ramp"/> is how long the onset and
/// offset phases last.
/// </summary>
/// <param name="Rate">Class-specific rate (see <see cref="AnomalyCatalog"/>).</param>
/// <param name="Duration">Episode length in seconds.</param>
/// <param name="Period">Period in seconds (beacon interval, mean gap between timing bursts).</param>
/// <param name="Jitter">Share of the period randomised (0 = strictly periodic).</param>
/// <param name="Intensity">Multiplier on the rate at full strength.</param>
/// <param name="Ramp">Seconds of onset and of offset, each at most a quarter of the episode.</param>
public sealed record AnomalyParameters(double Rate, double Duration, double Period, double Jitter, double Intensity, double Ramp)
{
    /// <summary>The compact JSON written to the ground truth's <c>parameters</c> column; fixed key order.</summary>
    public string ToJson()
    {
        var text = new StringBuilder("{");
        Append(text, "rate", Rate).Append(',');
        Append(text, "duration_s", Duration).Append(',');
        Append(text, "period_s", Period).Append(',');
        Append(text, "jitter", Jitter).Append(',');
        Append(text, "intensity", Intensity).Append(',');
        Append(text, "ramp_s", Ramp);
        return text.Append('}').ToString();
    }

    private static StringBuilder Append(StringBuilder text, string name, double value) =>
        text.Append('"').Append(name).Append("\":").Append(Math.Round(value, 6).ToString(CultureInfo.InvariantCulture));
}
