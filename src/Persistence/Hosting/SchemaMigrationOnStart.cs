using DigitalTwin.Persistence.Schema;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace DigitalTwin.Persistence.Hosting;

/// <summary>
/// Migrates the schema in the silo's first lifecycle stage, when <c>Postgres:MigrateOnStart</c> is on.
/// Orleans' ADO.NET providers load their queries from <c>orleansquery</c> in later stages (membership at
/// runtime initialisation, storage and reminders after it), so they always find the tables they need.
/// A hosted service would not do: hosted services start in registration order, and Orleans registers its
/// own before the silo builder's callbacks run.
/// </summary>
internal sealed class SchemaMigrationOnStart(ISchemaMigrator migrator, IOptions<PostgresOptions> options) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        if (options.Value.MigrateOnStart)
        {
            lifecycle.Subscribe(nameof(SchemaMigrationOnStart), ServiceLifecycleStage.First, cancellationToken => migrator.MigrateAsync(cancellationToken));
        }
    }
}
