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

    public long Windows { get; private set; }

    public TimeSpan Scoring { get; private set; }

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
        await using var file = File.OpenRead(path);
        await using var reader = await DatasetParquetReader.OpenAsync(file, cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await foreach (var row in reader.ReadRowsAsync(cancellationToken))
        {
            if (row.Split != split)
            {
                continue;
            }

            if (!detectors.TryGetValue(row.DeviceId, out var detector))
            {
                detector = new TwinDetector(new DetectionState(), options, _peers, _scorer, models);
                detectors[row.DeviceId] = detector;
            }

            var window = row.Window;
            var started = clock.Elapsed;
            var outcome = detector.Observe(row.DeviceId, row.DeviceType, window.Values, window.SchemaVersion, window.Start, window.Seconds, window.End);
            Scoring += clock.Elapsed - started;
            Windows++;
            // An episode counts as detected by an alert, not by a flag: a flagged window may wait for a second to raise one.
            var alerted = outcome.Score.Flagged && detector.IsActive(outcome.Score.Behaviour);
            tally?.Observe(row, outcome.Score, outcome.Changes.Count(c => c.Change == AlertChange.Raised), alerted);
        }
    }
}
