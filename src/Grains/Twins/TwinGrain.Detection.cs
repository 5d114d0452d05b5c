using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Baselines;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Grains.Interfaces.Detection;
using DigitalTwin.Grains.Interfaces.Events;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Wire;
using DigitalTwin.Wire.Outbound;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The twin's detection; the rules live in <see cref="TwinDetector"/> and <see cref="AlertLifecycle"/>. Every window
/// the twin accepts is scored in the same turn (a few microseconds) and the baseline and alerts are part of the
/// persisted state, written behind with the rest. Alert changes go out on <c>twin/{id}/alert</c>, the live feeds and
/// the alert index; none is awaited on the ingest path but the MQTT publish.
/// A window replayed after a crash (applied again from the window table) is not scored again.
/// </summary>
internal sealed partial class TwinGrain : ITwinDetectionGrain
{
    // Short-lived activation state: the detector over the persisted detection state.
    private TwinDetector? _detector;

    public Task<TwinBaselineView?> GetBaselineAsync()
    {
        if (!_twin.Exists)
        {
            return Task.FromResult<TwinBaselineView?>(null);
        }

        var detector = Detector();
        var own = detector.Own;
        var warm = own.IsWarm;
        var peer = warm ? null : detection.Peers.View(state.State.Type);
        var scoredAgainst = warm ? "own" : peer is { Windows: >= PeerBaselines.MinimumWindows } ? "peer" : "none";
        var detectionState = state.State.Detection!;
        return Task.FromResult<TwinBaselineView?>(new TwinBaselineView(
            Id, state.State.Type, warm, detection.Options.WarmUp.TotalSeconds, scoredAgainst,
            detectionState.WindowsScored, detectionState.WindowsFlagged, View(own),
            peer is null ? null : View(new BehaviourBaseline(peer, new BaselineOptions()))));
    }

    public Task<IReadOnlyList<AnomalyAlert>?> GetAlertsAsync() =>
        Task.FromResult<IReadOnlyList<AnomalyAlert>?>(_twin.Exists ? Detector().Alerts.Alerts.Reverse().ToArray() : null);

    public Task<AlertWriteResult> AcknowledgeAlertAsync(long number, string by) =>
        WriteAlertAsync(lifecycle => lifecycle.Acknowledge(number, by, clock.GetUtcNow()));

    public Task<AlertWriteResult> ClearAlertAsync(long number, string by) =>
        WriteAlertAsync(lifecycle => lifecycle.Clear(number, by, clock.GetUtcNow()));

    /// <summary>Scores an accepted window and announces what changed in the twin's alerts.</summary>
    private async Task DetectAsync(NetworkWindowRecord window)
    {
        if (!detection.Options.Enabled)
        {
            return;
        }

        var values = FeatureValues.ForVersion(window.Values, window.SchemaVersion);
        var now = clock.GetUtcNow();
        var outcome = Detector().Observe(Id, state.State.Type, values, window.SchemaVersion, window.Start, window.Seconds, now);
        detection.Metrics.WindowScored(outcome.Score.Flagged);
        await AnnounceAsync(outcome.Changes, now);
    }

    /// <summary>A suspended or decommissioned twin is no longer watched: its active alerts clear.</summary>
    private Task ClearAlertsForLifecycleAsync(TwinLifecycle lifecycle)
    {
        if (lifecycle is not (TwinLifecycle.Suspended or TwinLifecycle.Decommissioned) || state.State.Detection is null)
        {
            return Task.CompletedTask;
        }

        var now = clock.GetUtcNow();
        return AnnounceAsync(Detector().Alerts.ClearActive(AlertLifecycle.LifecycleClearer, now), now);
    }

    private async Task<AlertWriteResult> WriteAlertAsync(Func<AlertLifecycle, (AlertWriteResult Result, AlertChange? Change)> write)
    {
        ThrowIfBroken();
        if (TwinAdmission.Check(state.State, TwinAccess.Management) == TwinRefusal.NotFound)
        {
            return new AlertWriteResult(AlertWriteStatus.TwinNotFound, null);
        }

        var (result, change) = write(Detector().Alerts);
        if (change is not null)
        {
            // An acknowledgement is a person's word: it is stored before it is answered.
            await WriteStateAsync();
            await AnnounceAsync([change], clock.GetUtcNow());
        }

        return result;
    }

    private async Task AnnounceAsync(IReadOnlyList<AlertChange> changes, DateTimeOffset now)
    {
        if (changes.Count == 0)
        {
            return;
        }

        MarkDirty();
        foreach (var change in changes)
        {
            detection.Metrics.AlertChanged(change.Change);
            detection.Index.Enqueue(change.Alert);
            var json = PlatformMessageJson.WriteAnomalyAlert(change.Alert, change.Change, now);
            events.Publish(new TwinEvent(TwinEventTypes.AnomalyAlert, Id, state.State.Type, now, json)
            {
                AlertSeverity = WireNames.Of(change.Alert.Severity),
                AlertType = change.Alert.Type,
            });
            await SendAsync(channel.PublishAnomalyAlertAsync(Id, json));
        }
    }

    private TwinDetector Detector() =>
        _detector ??= new TwinDetector(state.State.Detection ??= new DetectionState(), detection.Options, detection.Peers, detection.Scorer, detection.Models);

    private static BaselineView View(BehaviourBaseline baseline)
    {
        var features = new FeatureBaselineView[FeatureCatalog.Count];
        for (var f = 0; f < features.Length; f++)
        {
            var summary = baseline.Summarise(f);
            features[f] = new FeatureBaselineView(FeatureCatalog.NameOf((NetworkFeature)f), summary.Centre, summary.Low, summary.High, summary.Spread, Math.Round(summary.Weight, 3));
        }

        var state = baseline.State;
        return new BaselineView(state.SchemaVersion, state.Windows, state.Seconds, state.Flagged, Math.Round(baseline.DailyCycleFactor(), 3), features);
    }
}
