using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>
/// The round trip scenario's figures. Latencies follow the commands sent inside the window; the rate counts
/// succeeded answers that arrived inside it.
/// </summary>
public sealed record RoundTripFigures(
    WindowLoad Load,
    long SentInWindow,
    long SucceededInWindow,
    long AnsweredSucceededInWindow,
    IReadOnlyList<KeyValuePair<string, long>> Failures,
    LatencySummary RoundTrip,
    LatencySummary PostToDevice,
    LatencySummary AckToAnswer)
{
    public double CommandsPerSecond => AnsweredSucceededInWindow / Load.Window.TotalSeconds;

    public long FailedInWindow => SentInWindow - SucceededInWindow;
}
