using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// The rules of a twin's anomaly alerts (ThingsBoard's alarm model): an anomalous window raises an alert of the
/// behaviour it points to, or updates the active alert of that type, so a twin has at most one active alert per type
/// and a long attack is one alert, not one per window. Only a raise, an escalation to critical, an acknowledgement
/// and a clear are announced. Any anomalous window keeps every active alert up (the host is still not itself);
/// <see cref="DetectionOptions.AutoClearWindows"/> consecutive normal windows clear them. People acknowledge
/// (active or cleared) and clear alerts; suspending the twin clears its active ones. The list is bounded, the oldest
/// cleared alerts dropped first and active ones never.
/// </summary>
public sealed class AlertLifecycle(DetectionState state, DetectionOptions options)
{
    /// <summary>Who clears alerts that normal traffic ended, and those of a twin taken out of service.</summary>
    public const string AutoClearer = "auto", LifecycleClearer = "lifecycle";

    /// <summary>Evidence kept from the start of an alert; the rest of <see cref="DetectionOptions.EvidencePerAlert"/> is the latest.</summary>
    private const int FirstEvidence = 3;

    public IReadOnlyList<AnomalyAlert> Alerts => state.Alerts;

    /// <summary>Applies a scored window; returns the changes to announce.</summary>
    public List<AlertChange> Observe(AlertObservation window, DateTimeOffset now)
    {
        var changes = new List<AlertChange>();
        var alerts = state.Alerts;
        var matched = false;
        for (var i = 0; i < alerts.Count; i++)
        {
            var alert = alerts[i];
            if (alert.Status != AlertStatus.Active)
            {
                continue;
            }

            if (!window.Flagged)
            {
                var normal = alert.NormalWindows + 1;
                alerts[i] = normal >= options.AutoClearWindows
                    ? alert with { NormalWindows = normal, Status = AlertStatus.Cleared, ClearedBy = AutoClearer, ClearedAt = now, UpdatedAt = now }
                    : alert with { NormalWindows = normal };
                if (alerts[i].Status == AlertStatus.Cleared)
                {
                    changes.Add(new AlertChange(alerts[i], AlertChange.Cleared));
                }

                continue;
            }

            if (alert.Type != window.Behaviour)
            {
                alerts[i] = alert with { NormalWindows = 0 };
                continue;
            }

            matched = true;
            var severity = window.Score >= options.CriticalScore ? AlertSeverity.Critical : alert.Severity;
            alerts[i] = alert with
            {
                LastSeen = window.End,
                Windows = alert.Windows + 1,
                PeakScore = Math.Max(alert.PeakScore, window.Score),
                Severity = severity,
                NormalWindows = 0,
                Evidence = WithEvidence(alert.Evidence, window.Evidence),
                UpdatedAt = severity != alert.Severity ? now : alert.UpdatedAt,
            };
            if (severity != alert.Severity)
            {
                changes.Add(new AlertChange(alerts[i], AlertChange.Escalated));
            }
        }

        if (window.Flagged && window.Raises && !matched)
        {
            var raised = new AnomalyAlert(
                window.TwinId, ++state.AlertsRaised, window.Behaviour,
                window.Score >= options.CriticalScore ? AlertSeverity.Critical : AlertSeverity.Warning,
                AlertStatus.Active, window.Start, window.End, 1, window.Score, [window.Evidence])
            {
                TwinType = window.TwinType,
                Baseline = window.Baseline,
                UpdatedAt = now,
            };
            alerts.Add(raised);
            Trim();
            changes.Add(new AlertChange(raised, AlertChange.Raised));
        }

        return changes;
    }

    public (AlertWriteResult Result, AlertChange? Change) Acknowledge(long number, string by, DateTimeOffset now) =>
        Write(number, alert => alert.AcknowledgedBy is not null
            ? null
            : (alert with { AcknowledgedBy = by, AcknowledgedAt = now, UpdatedAt = now }, AlertChange.Acknowledged));

    public (AlertWriteResult Result, AlertChange? Change) Clear(long number, string by, DateTimeOffset now) =>
        Write(number, alert => alert.Status == AlertStatus.Cleared
            ? null
            : (alert with { Status = AlertStatus.Cleared, ClearedBy = by, ClearedAt = now, UpdatedAt = now }, AlertChange.Cleared));

    /// <summary>Clears every active alert (the twin was suspended or decommissioned).</summary>
    public List<AlertChange> ClearActive(string by, DateTimeOffset now)
    {
        var changes = new List<AlertChange>();
        for (var i = 0; i < state.Alerts.Count; i++)
        {
            if (state.Alerts[i].Status == AlertStatus.Active)
            {
                state.Alerts[i] = state.Alerts[i] with { Status = AlertStatus.Cleared, ClearedBy = by, ClearedAt = now, UpdatedAt = now };
                changes.Add(new AlertChange(state.Alerts[i], AlertChange.Cleared));
            }
        }

        return changes;
    }

    private (AlertWriteResult, AlertChange?) Write(long number, Func<AnomalyAlert, (AnomalyAlert, string)?> change)
    {
        var index = state.Alerts.FindIndex(a => a.Number == number);
        if (index < 0)
        {
            return (new AlertWriteResult(AlertWriteStatus.AlertNotFound, null), null);
        }

        if (change(state.Alerts[index]) is not var (changed, name))
        {
            return (new AlertWriteResult(AlertWriteStatus.Unchanged, state.Alerts[index]), null);
        }

        state.Alerts[index] = changed;
        return (new AlertWriteResult(AlertWriteStatus.Done, changed), new AlertChange(changed, name));
    }

    private IReadOnlyList<AlertEvidence> WithEvidence(IReadOnlyList<AlertEvidence> evidence, AlertEvidence latest)
    {
        if (evidence.Count < options.EvidencePerAlert)
        {
            return [.. evidence, latest];
        }

        // The first windows say how it began; of the rest, the oldest go: one, or more when the setting was lowered since.
        var kept = new List<AlertEvidence>(options.EvidencePerAlert);
        kept.AddRange(evidence.Take(FirstEvidence));
        kept.AddRange(evidence.Skip(Math.Max(FirstEvidence, evidence.Count - (options.EvidencePerAlert - FirstEvidence - 1))));
        kept.Add(latest);
        return kept;
    }

    /// <summary>
    /// Drops the oldest cleared alerts beyond <see cref="DetectionOptions.AlertsPerTwin"/>. Active alerts are never
    /// dropped: one still being updated must not vanish from its twin. There is at most one per behaviour, so the list
    /// outgrows the bound by at most their number while that many are active.
    /// </summary>
    private void Trim()
    {
        while (state.Alerts.Count > options.AlertsPerTwin)
        {
            var oldestCleared = state.Alerts.FindIndex(a => a.Status == AlertStatus.Cleared);
            if (oldestCleared < 0)
            {
                return;
            }

            state.Alerts.RemoveAt(oldestCleared);
        }
    }
}
