namespace DigitalTwin.Api.Network;

/// <summary>
/// <c>GET /api/v1/twins/{id}/network</c>: recent windows (newest first), statistics per feature and window counts,
/// and the <c>source</c> the twin takes its windows from (<c>device</c> or <c>probe</c>; null before the first window).
/// The statistics summarise <see cref="WindowsSeen"/> windows, all of feature schema
/// <see cref="StatisticsSchemaVersion"/> (null before the first window), and name the features of that version only
/// (of the current version before the first window); each window says its own version and names its own features.
/// </summary>
internal sealed record NetworkResponse(
    string Id,
    string DeviceType,
    string? Source,
    int Count,
    IReadOnlyList<NetworkWindowResponse> Windows,
    int? StatisticsSchemaVersion,
    long WindowsSeen,
    Dictionary<string, FeatureStatisticsResponse> Statistics,
    NetworkWindowCounts WindowCounts,
    DateTimeOffset? LatestWindowStart);
