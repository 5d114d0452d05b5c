using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Api.Alerts;

/// <summary>
/// A page of alerts from the alert index, newest change first; <c>count</c> is how many match the filter in all.
/// <c>next_cursor</c> continues after the last alert of the page (pass it as <c>cursor</c>); null when no match follows.
/// Each alert has the shape of the <c>alert</c> object of <c>twin/{id}/alert</c> and the <c>anomaly_alert</c> feed event.
/// </summary>
internal sealed record AlertListResponse(int Count, int Limit, IReadOnlyList<AnomalyAlert> Alerts, string? NextCursor);
