using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Runtime;

namespace DigitalTwin.Persistence.DataProtection;

/// <summary>
/// Makes the cluster's first data protection key once, before any silo reads the key ring. Left to itself, each
/// silo that starts on an empty <c>dtn_data_protection_keys</c> makes its own key, active at once; silos started
/// together would then seal cookies with keys the others learn of only at their next daily refresh, and log users
/// out at random behind a load balancer. Under a PostgreSQL advisory lock, the first silo makes the key and the
/// others find it. Runs after the schema migration and before the data protection service reads the ring.
/// </summary>
internal sealed partial class SharedKeyRingStart(
    NpgsqlDataSource dataSource, IServiceProvider services, IOptions<KeyManagementOptions> keyOptions, TimeProvider clock, ILogger<SharedKeyRingStart> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The advisory lock of this step (the schema migrator holds another).</summary>
    private const long LockKey = 0x64746e_6b657973; // "dtnkeys"

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SharedKeyRingStart), ServiceLifecycleStage.RuntimeInitialize, EnsureKeyAsync);

    private async Task EnsureKeyAsync(CancellationToken cancellationToken)
    {
        // A host without the API (the migrate command) seals no cookies.
        if (services.GetService<IKeyManager>() is not { } keys)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var locking = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            locking.Parameters.AddWithValue("key", LockKey);
            await locking.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            // Data protection reads and writes the ring synchronously. Blocked on it, this start-up thread of the pool
            // made about half of bench/Ingest's PostgreSQL silo starts fail: the new connection's read waited out its
            // timeout with PostgreSQL's answer already in the socket. On a thread of its own, 8 starts of 8 went through.
            await Task.Factory.StartNew(() => EnsureKey(keys), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        finally
        {
            await using var unlocking = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            unlocking.Parameters.AddWithValue("key", LockKey);
            await unlocking.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private void EnsureKey(IKeyManager keys)
    {
        var now = clock.GetUtcNow();
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
        {
            var key = keys.CreateNewKey(now, now + keyOptions.Value.NewKeyLifetime);
            LogKeyCreated(logger, key.KeyId, key.ExpirationDate);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Made the cluster's data protection key {KeyId}, valid until {Expires:O}: every silo seals browser sessions with it")]
    private static partial void LogKeyCreated(ILogger logger, Guid keyId, DateTimeOffset expires);
}
