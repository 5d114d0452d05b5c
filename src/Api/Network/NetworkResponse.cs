namespace DigitalTwin.Api.Network;

/// <summary><c>GET /api/v1/twins/{id}/network</c>: recent windows (newest first), statistics per feature and window counts.</summary>
public sealed record NetworkResponse(
    string Id,
    string DeviceType,
    int Count,
    IReadOnlyList<NetworkWindowResponse> Windows,
    Dictionary<string, FeatureStatisticsResponse> Statistics,
    NetworkWindowCounts WindowCounts,
    DateTimeOffset? LatestWindowStart);
