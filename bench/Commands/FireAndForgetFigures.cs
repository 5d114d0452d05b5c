using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>
/// The fire-and-forget scenario's figures. Rates count events inside the window (POST answers, ack PUBACKs);
/// latencies follow the commands sent inside it; "not received" are accepted commands no device had
/// received when the drain gave up.
/// </summary>
public sealed record FireAndForgetFigures(
    WindowLoad Load,
    long SentInWindow,
    long AcceptedAnswersInWindow,
    long AcksConfirmedInWindow,
    IReadOnlyList<KeyValuePair<string, long>> Failures,
    LatencySummary PostAnswer,
    LatencySummary PostToDevice,
    long AcceptedWholeRun,
    long ReceivedWholeRun,
    long AcksConfirmedWholeRun,
    long Duplicates,
    TimeSpan Drain)
{
    public double AcceptedPerSecond => AcceptedAnswersInWindow / Load.Window.TotalSeconds;

    public double AcksPerSecond => AcksConfirmedInWindow / Load.Window.TotalSeconds;

    public long NotReceived => AcceptedWholeRun - ReceivedWholeRun;
}
