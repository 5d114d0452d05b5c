namespace DigitalTwin.Api.Commands;

/// <summary>A command job: what it sends, to how many twins, and how many reached each outcome.</summary>
internal sealed record CommandJobResponse(
    string JobId,
    string Status,
    string Action,
    IReadOnlyDictionary<string, object?> Parameters,
    double Timeout,
    double Ttl,
    int Qos,
    int Targets,
    IReadOnlyDictionary<string, int> Counts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? Error);
