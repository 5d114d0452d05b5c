using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Grains.Tests.Detection;

/// <summary>Windows of a quiet sensor that talks to one endpoint, for the detection tests.</summary>
public static class SensorWindows
{
    public static double[] Quiet(Random random)
    {
        var values = new double[FeatureCatalog.Count];
        values[(int)NetworkFeature.PacketsIn] = 4 + random.Next(3);
        values[(int)NetworkFeature.PacketsOut] = 5 + random.Next(3);
        values[(int)NetworkFeature.BytesOut] = 500 + random.Next(200);
        values[(int)NetworkFeature.PacketRateMean] = 1 + random.NextDouble() * 0.2;
        values[(int)NetworkFeature.TcpRatio] = 1;
        values[(int)NetworkFeature.DistinctDestinationIps] = 1;
        values[(int)NetworkFeature.DistinctDestinationPorts] = 1;
        return values;
    }
}
