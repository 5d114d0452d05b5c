using System.Diagnostics;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>
/// One command job to every twin (filter: type <c>smart_light</c>, <c>metadata.group</c>), polled until it is
/// completed; the devices note when each of the job's commands arrives.
/// </summary>
public sealed class JobScenario(PlatformApi api, CommandLedger ledger)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(120);

    public async Task<JobFigures> RunAsync(SystemUnderTest system, CancellationToken cancellationToken)
    {
        var window = new MeasurementWindow();
        ledger.Begin(window);
        window.Open();
        var meter = LoadMeter.Start(system);
        var started = Stopwatch.GetTimestamp();
        var jobId = await api.StartJobAsync(CommandBench.Group, cancellationToken);
        var postAnswered = Stopwatch.GetElapsedTime(started);

        TimeSpan? running = null;
        TimeSpan? completed = null;
        JobProgress progress;
        while (true)
        {
            progress = await api.GetJobAsync(jobId, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (progress.Status != "dispatching")
            {
                running ??= elapsed;
            }

            if (progress.Status == "completed")
            {
                completed = elapsed;
                break;
            }

            if (elapsed > CompletionTimeout || system.Silo.HasExited)
            {
                break;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        window.Close();
        var load = meter.Stop();
        return new JobFigures(
            jobId,
            postAnswered,
            running,
            completed,
            ledger.ForeignReceived > 0 ? Stopwatch.GetElapsedTime(started, ledger.FirstForeignAt) : null,
            ledger.ForeignReceived > 0 ? Stopwatch.GetElapsedTime(started, ledger.LastForeignAt) : null,
            ledger.ForeignReceived,
            ledger.AcksConfirmed,
            progress,
            PollInterval,
            load);
    }
}
