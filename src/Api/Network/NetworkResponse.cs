namespace DigitalTwin.Api.Network;

/// <summary>
/// <c>GET /api/v1/twins/{id}/network</c>: recent windows (newest first), statistics per feature and window counts.
/// The statistics summarise <see cref="WindowsSeen"/> windows, all of feature schema
/// <see cref="StatisticsSchemaVersion"/> (null before the first window); each window says its own version.
/// </summary>
public sealed record NetworkResponse(
    string Id,
    string DeviceType,
    int Count,
    IReadOnlyList<NetworkWindowResponse> Windows,
    int? StatisticsSchemaVersion,
    long WindowsSeen,
    Dictionary<string, FeatureStatisticsResponse> Statistics,
    NetworkWindowCounts WindowCounts,
    DateTimeOffset? LatestWindowStart);
