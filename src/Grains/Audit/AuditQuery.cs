namespace DigitalTwin.Grains.Audit;

/// <summary>A filtered page of the audit log, newest first; <see cref="Before"/> continues after an earlier page's last entry.</summary>
public sealed record AuditQuery
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1000;

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? Actor { get; init; }

    public AuditOutcome? Outcome { get; init; }

    /// <summary>Only entries with a smaller id (the keyset position of the previous page's last entry).</summary>
    public long? Before { get; init; }

    public int Limit { get; init; } = DefaultLimit;

    public bool Matches(AuditEntry entry) =>
        (From is null || entry.At >= From) && (To is null || entry.At <= To) && (Actor is null || entry.Actor == Actor)
        && (Outcome is null || entry.Outcome == Outcome) && (Before is null || entry.Id < Before);
}
