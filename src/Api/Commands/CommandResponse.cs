using System.Text.Json;

namespace DigitalTwin.Api.Commands;

/// <summary>One command as the API shows it; <c>result</c> is the device ack's own object.</summary>
internal sealed record CommandResponse(
    string CommandId,
    string TwinId,
    string Action,
    IReadOnlyDictionary<string, object?> Parameters,
    string Status,
    int Qos,
    double Timeout,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? CompletedAt,
    JsonElement? Result,
    string? Reason,
    string? JobId);
