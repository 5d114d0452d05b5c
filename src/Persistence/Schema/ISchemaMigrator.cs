namespace DigitalTwin.Persistence.Schema;

/// <summary>Brings the PostgreSQL schema up to the one this build ships (the <c>migrate</c> command, silo start-up).</summary>
public interface ISchemaMigrator
{
    /// <summary>Applies every schema file the database has not seen yet; returns how many it applied.</summary>
    Task<int> MigrateAsync(CancellationToken cancellationToken);
}
