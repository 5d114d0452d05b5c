namespace DigitalTwin.Persistence.Hosting;

/// <summary>
/// The <c>Postgres</c> section. A connection string switches the platform from in-memory storage to
/// PostgreSQL: grain state, cluster membership, reminders, the device message log, telemetry history,
/// the network window table and the twin directory.
/// </summary>
public sealed class PostgresOptions
{
    public const string SectionName = "Postgres";

    /// <summary>Npgsql connection string; empty keeps everything in memory.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Whether the silo applies the schema at start-up (it can also run alone: <c>migrate</c>).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>
    /// Whether the silo, before it joins, declares dead the silos the membership table lists as active but whose
    /// silo endpoint refuses connections (killed without leaving); see docs/architecture.md. Turn it off where
    /// silos do not listen on TCP (Orleans' in-memory test transport) or a firewall answers with resets.
    /// </summary>
    public bool SweepAbandonedSilos { get; set; } = true;

    /// <summary>How long accepted telemetry is kept; older daily partitions are dropped.</summary>
    public TimeSpan TelemetryRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long accepted network windows are kept (what the dataset export can reach); older daily partitions are dropped.</summary>
    public TimeSpan NetworkWindowRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Most device messages written in one transaction of the message log.</summary>
    public int LogBatchSize { get; set; } = 2000;

    /// <summary>Most device messages waiting for the log; past it twins wait (back-pressure on devices).</summary>
    public int LogQueueCapacity { get; set; } = 20000;

    public bool Enabled => !string.IsNullOrWhiteSpace(ConnectionString);
}
