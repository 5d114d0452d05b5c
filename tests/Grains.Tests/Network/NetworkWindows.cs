using DigitalTwin.Behaviour.Features;
using DigitalTwin.Grains.Interfaces.Network;

namespace DigitalTwin.Grains.Tests.Network;

/// <summary>Windows for tests: every feature unmeasured but packets_in; of the current feature schema unless told.</summary>
public static class NetworkWindows
{
    public static NetworkWindowRecord Window(DateTimeOffset start, double packetsIn, int schemaVersion = FeatureCatalog.SchemaVersion)
    {
        var values = new double[FeatureCatalog.Count];
        Array.Fill(values, double.NaN);
        values[(int)NetworkFeature.PacketsIn] = packetsIn;
        return new NetworkWindowRecord(start, 10, values, schemaVersion);
    }
}
