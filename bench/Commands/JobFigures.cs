namespace DigitalTwin.Commands;

/// <summary>
/// The job scenario's figures, as times from just before the job's POST: its answer, the first poll that saw
/// it running (or completed) and the first that saw it completed, and the first and last command to reach a
/// device. Poll-based times are late by up to one poll interval.
/// </summary>
public sealed record JobFigures(
    string JobId,
    TimeSpan PostAnswered,
    TimeSpan? Running,
    TimeSpan? Completed,
    TimeSpan? FirstReceived,
    TimeSpan? LastReceived,
    long Received,
    long AcksConfirmed,
    JobProgress Final,
    TimeSpan PollInterval,
    WindowLoad Load)
{
    public double TwinsPerSecond => Completed is { } completed ? Final.Targets / completed.TotalSeconds : 0;
}
