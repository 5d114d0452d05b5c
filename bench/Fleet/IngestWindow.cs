using DigitalTwin.BenchHost;

namespace DigitalTwin.Fleet;

/// <summary>Step 3's measured window: the devices publishing at their fixed rate.</summary>
public sealed record IngestWindow(
    int Connected,
    TimeSpan ConnectTime,
    TimeSpan Window,
    long SentInWindow,
    long AcknowledgedInWindow,
    LatencySummary PubAck,
    TimeSpan SiloCpu,
    TimeSpan GeneratorCpu,
    TimeSpan MachineCpu,
    string LoadAverageBefore,
    string LoadAverageAfter);
