using DigitalTwin.Grains.Interfaces.Alerts;

namespace DigitalTwin.Api.Detection;

/// <summary>
/// A twin's own alerts, newest first: <c>count</c> is how many match the filter in the twin's bounded list (the alert
/// index, <c>GET /api/v1/alerts?twin_id=</c>, also holds older ones), <c>alerts</c> at most <c>limit</c> of them.
/// </summary>
internal sealed record TwinAlertsResponse(string TwinId, int Count, int Limit, IReadOnlyList<AnomalyAlert> Alerts);
