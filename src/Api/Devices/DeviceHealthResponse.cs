using DigitalTwin.Api.Twins;

namespace DigitalTwin.Api.Devices;

/// <summary>
/// Whether a device is healthy: online, its twin accepting traffic, and no more rejected than accepted messages.
/// </summary>
internal sealed record DeviceHealthResponse(
    string DeviceId,
    bool Healthy,
    string Status,
    string Lifecycle,
    DateTimeOffset? LastSeen,
    double? SecondsSinceLastSeen,
    double InactivityTimeoutSeconds,
    TwinMessageCounts Messages,
    IReadOnlyList<string> Problems);
