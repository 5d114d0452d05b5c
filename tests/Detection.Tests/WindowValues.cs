using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Detection.Tests;

/// <summary>Windows of feature values for tests: a quiet sensor's, with single features set.</summary>
internal static class WindowValues
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A quiet sensor's window: a few packets to its broker every window, with small noise from <paramref name="random"/>.</summary>
    public static double[] Quiet(Random random)
    {
        var values = new double[FeatureCatalog.Count];
        Set(values, NetworkFeature.PacketsIn, 4 + random.Next(3));
        Set(values, NetworkFeature.PacketsOut, 5 + random.Next(3));
        Set(values, NetworkFeature.BytesIn, 300 + random.Next(100));
        Set(values, NetworkFeature.BytesOut, 500 + random.Next(200));
        Set(values, NetworkFeature.PacketRateMean, 1 + random.NextDouble() * 0.2);
        Set(values, NetworkFeature.TcpRatio, 1);
        Set(values, NetworkFeature.DistinctDestinationIps, 1);
        Set(values, NetworkFeature.DistinctDestinationPorts, 1 + random.Next(2));
        Set(values, NetworkFeature.LatencyMean, 20 + random.NextDouble() * 5);
        Set(values, NetworkFeature.PayloadSizeMean, 80 + random.Next(20));
        return values;
    }

    public static double[] With(double[] values, NetworkFeature feature, double value)
    {
        var copy = (double[])values.Clone();
        Set(copy, feature, value);
        return copy;
    }

    public static void Set(double[] values, NetworkFeature feature, double value) => values[(int)feature] = value;
}
