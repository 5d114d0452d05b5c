using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Diagnostics;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Detection;

/// <summary>What every twin of a silo shares for detection: the options, the scorer, the peer baselines, the trained model, the alert index and the metrics.</summary>
internal sealed class SiloDetection(IOptions<DetectionOptions> options, PeerBaselines peers, IAlertIndex index, DetectionModelHost models, DetectionMetrics metrics)
{
    public DetectionOptions Options { get; } = options.Value;

    public WindowScorer Scorer { get; } = new(new ScoringOptions { FlagScore = options.Value.FlagScore });

    public PeerBaselines Peers => peers;

    public IAlertIndex Index => index;

    public DetectionModelHost Models => models;

    public DetectionMetrics Metrics => metrics;
}
