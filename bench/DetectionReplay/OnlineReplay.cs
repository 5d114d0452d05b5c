using System.Diagnostics;
using DigitalTwin.BenchHost;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Interfaces.Alerts;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Bench.DetectionReplay;

/// <summary>
/// Runs a labelled dataset through the twins' own detection, one <see cref="TwinDetector"/> per device with shared
/// peer baselines, as a silo would. Two passes: the train devices of the device split first, which teaches the peer
/// baselines; then the test devices, each starting cold (peers judge its first hour), scored against the truth. The
/// test devices' peers therefore know their type's behaviour over the whole run, a small head start over a live
/// cluster during their first hour only.
/// </summary>
internal sealed class OnlineReplay(DetectionOptions options, DetectionModelHost? models)
{
    // The device split's names in labelled files (the simulator's DatasetSplit).
    private const string TrainSplit = "train", TestSplit = "test";

    private readonly PeerBaselines _peers = new(Options.Create(options));
    private readonly WindowScorer _scorer = new(new ScoringOptions { FlagScore = options.FlagScore });

    /// <summary>Windows a batch of detection calls is timed over: reading the thread's CPU clock costs a system call.</summary>
    private const int TimedBatch = 4_096;

    public long Windows { get; private set; }

    /// <summary>Wall time of the detection calls.</summary>
    public TimeSpan Scoring { get; private set; }

    /// <summary>CPU time the detection calls took on their thread (<see cref="ThreadCpuClock"/>).</summary>
    public TimeSpan ScoringCpu { get; private set; }

    public async Task<ReplayTally> RunAsync(string path, CancellationToken cancellationToken)
    {
        await PassAsync(path, TrainSplit, null, cancellationToken);
        var tally = new ReplayTally();
        await PassAsync(path, TestSplit, tally, cancellationToken);
        return tally;
    }

    private async Task PassAsync(string path, string split, ReplayTally? tally, CancellationToken cancellationToken)
    {
        var detectors = new Dictionary<string, TwinDetector>(StringComparer.Ordinal);
        var batch = new List<DatasetRow>(TimedBatch);
        await using var file = File.OpenRead(path);
        await using var reader = await DatasetParquetReader.OpenAsync(file, cancellationToken);
        await foreach (var row in reader.ReadRowsAsync(cancellationToken))
        {
            if (row.Split != split)
            {
                continue;
            }

            batch.Add(row);
            if (batch.Count == TimedBatch)
            {
                Observe(batch, detectors, tally);
            }
        }

        Observe(batch, detectors, tally);
    }

    /// <summary>
    /// Runs a batch of windows through their devices' detectors on this thread, nothing else in between (reading the
    /// file awaits, and may move to another thread), so the thread's CPU clock around it times detection alone.
    /// </summary>
    private void Observe(List<DatasetRow> batch, Dictionary<string, TwinDetector> detectors, ReplayTally? tally)
    {
        var outcomes = new (DetectionOutcome Outcome, bool Alerted)[batch.Count];
        var wall = Stopwatch.StartNew();
        var cpu = ThreadCpuClock.Now();
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            if (!detectors.TryGetValue(row.DeviceId, out var detector))
            {
                detector = new TwinDetector(new DetectionState(), options, _peers, _scorer, models);
                detectors[row.DeviceId] = detector;
            }

            var window = row.Window;
            var outcome = detector.Observe(row.DeviceId, row.DeviceType, window.Values, window.SchemaVersion, window.Start, window.Seconds, window.End);
            // An episode counts as detected by an alert, not by a flag: a flagged window may wait for a second to raise one.
            outcomes[i] = (outcome, outcome.Score.Flagged && detector.IsActive(outcome.Score.Behaviour));
        }

        ScoringCpu += ThreadCpuClock.Now() - cpu;
        Scoring += wall.Elapsed;
        Windows += batch.Count;
        for (var i = 0; i < batch.Count && tally is not null; i++)
        {
            var (outcome, alerted) = outcomes[i];
            tally.Observe(batch[i], outcome.Score, outcome.Changes.Count(c => c.Change == AlertChange.Raised), alerted);
        }

        batch.Clear();
    }
}
