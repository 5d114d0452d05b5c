namespace DigitalTwin.Grains.Audit;

/// <summary>The API audit log, bound from <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>Entries the in-memory log keeps (the oldest go first); memory mode only.</summary>
    public int MemoryCapacity { get; set; } = 10_000;

    /// <summary>How long PostgreSQL keeps entries; older ones are deleted hourly.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Entries waiting to be written to PostgreSQL; past it new entries are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 10_000;
}
