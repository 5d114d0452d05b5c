using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Detection;
using Microsoft.Extensions.Options;

namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>
/// The twins' own online detection (docs/detection.md, "Online detection") as an evaluated detector: one
/// <see cref="TwinDetector"/> per device with shared peer baselines, exactly as a silo runs it, fed the rows in file
/// order (each device's windows in time order). The train devices of the device split go through first and teach the
/// peer baselines; then the evaluated rows, each device starting cold, so its first hour is judged by its peers. Those
/// peers know their type over the whole run: a small head start over a live cluster, in a device's first hour only.
/// </summary>
internal sealed class OnlineBaselineDetector(DetectionOptions options) : IWindowDetector
{
    public string Name => "online baseline (twins)";

    public bool NamesClasses => true;

    public IReadOnlyList<WindowVerdict> Detect(LabelledWindows windows, IReadOnlyList<int> rows)
    {
        var peers = new PeerBaselines(Options.Create(options));
        var scorer = new WindowScorer(new ScoringOptions { FlagScore = options.FlagScore });
        var values = new double[FeatureCatalog.Count];
        Replay(windows, Enumerable.Range(0, windows.Count).Where(i => !windows.Test[i]), peers, scorer, values, verdicts: null);
        var verdicts = new List<WindowVerdict>(rows.Count);
        Replay(windows, rows, peers, scorer, values, verdicts);
        return verdicts;
    }

    private void Replay(LabelledWindows windows, IEnumerable<int> rows, PeerBaselines peers, WindowScorer scorer, double[] values, List<WindowVerdict>? verdicts)
    {
        var detectors = new Dictionary<int, TwinDetector>();
        foreach (var i in rows)
        {
            var device = windows.DeviceOf[i];
            if (!detectors.TryGetValue(device, out var detector))
            {
                detector = new TwinDetector(new DetectionState(), options, peers, scorer);
                detectors[device] = detector;
            }

            for (var f = 0; f < values.Length; f++)
            {
                values[f] = windows.Features[f][i];
            }

            var start = DateTimeOffset.FromUnixTimeSeconds(windows.StartSeconds[i]);
            var score = detector.Observe(
                windows.Devices[device], windows.DeviceTypes[windows.TypeOf[i]], values, FeatureCatalog.SchemaVersion, start, windows.WindowSeconds, start).Score;
            verdicts?.Add(new WindowVerdict(score.Flagged ? score.Behaviour : GroundTruth.NormalClass, score.Score, score.Flagged));
        }
    }
}
