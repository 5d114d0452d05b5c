using System.Globalization;
using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Detection.Scoring;

/// <summary>
/// A contribution as a reason a person can act on: the feature, its value and what is normal for the host
/// ("distinct_destination_ports 312, baseline 2 ± 1"), with what the value means in words where the feature alone
/// does not say it (a beacon's timer, a tunnel's names).
/// </summary>
public static class ReasonText
{
    public static string For(FeatureContribution contribution, ReadOnlySpan<double> values)
    {
        return $"{contribution.Name} {Number(contribution.Value)}{Meaning(contribution, values)}, baseline {Number(contribution.Centre)} ± {Number(contribution.Spread)}";
    }

    /// <summary>A number as people write it: thousands separators from 100, one decimal from 1, two significant digits below.</summary>
    public static string Number(double value)
    {
        var magnitude = Math.Abs(value);
        return double.IsNaN(value) ? "unknown"
            : magnitude >= 100 ? value.ToString("#,0", CultureInfo.InvariantCulture)
            : magnitude >= 1 ? value.ToString("0.#", CultureInfo.InvariantCulture)
            : value.ToString("G2", CultureInfo.InvariantCulture);
    }

    private static string Meaning(FeatureContribution contribution, ReadOnlySpan<double> values)
    {
        var (gap, unanswered, newNames, outRatio, handshakes) = (
            Value(values, NetworkFeature.PeriodicGapMean), Value(values, NetworkFeature.UnansweredSynRatio),
            Value(values, NetworkFeature.NewDnsNames), Value(values, NetworkFeature.BytesOutRatio), Value(values, NetworkFeature.TlsHandshakes));
        return contribution.Feature switch
        {
            NetworkFeature.PeriodicGapCv or NetworkFeature.PeriodicGapMean when gap > 0 => $": sessions every {Number(gap)} s to one endpoint",
            NetworkFeature.DistinctDestinationPorts when unanswered > 0 => $": {Number(100 * unanswered)}% of its connection attempts unanswered",
            NetworkFeature.DnsNameLengthMean or NetworkFeature.DnsNameEntropyMean when newNames > 0 => $": {Number(newNames)} names never asked before",
            NetworkFeature.BytesOut when outRatio > 0 => $": {Number(100 * outRatio)}% of its bytes outbound",
            NetworkFeature.TlsFailures when handshakes > 0 => $" of {Number(handshakes)} TLS handshakes",
            _ => "",
        };
    }

    private static double Value(ReadOnlySpan<double> values, NetworkFeature feature) =>
        (int)feature < values.Length ? values[(int)feature] : double.NaN;
}
