using System.Text;
using DigitalTwin.Grains.Twins;
using DigitalTwin.Persistence.Schema;
using DigitalTwin.Persistence.Tests.Grains;
using DigitalTwin.Persistence.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;

namespace DigitalTwin.Persistence.Tests;

/// <summary>
/// Orleans' ADO.NET providers against our schema: a silo only starts when every query it needs is in
/// <c>orleansquery</c> ("Not all required queries found" otherwise), so the fixture starting is the
/// first assertion; these tests check that the queries also do what the providers expect.
/// </summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class OrleansProviderContractTests(PostgresClusterFixture fixture)
{
    private const int Active = 3;

    private IClusterClient Client => fixture.Cluster.Client;

    [Fact]
    public async Task TheSilosMigratedTheEmptyDatabaseBeforeTheProvidersStarted()
    {
        var applied = await Sql.ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM dtn_schema_migrations");

        Assert.Equal(SchemaScript.LoadEmbedded().Count, applied);
    }

    [Fact]
    public async Task BothSilosAreActiveInTheMembershipTable()
    {
        var active = await Sql.ScalarAsync<long>(fixture.ConnectionString, $"SELECT count(*) FROM orleans_membership WHERE status = {Active}");
        var hosts = await Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);

        Assert.Equal(2, active);
        Assert.Equal(2, hosts.Count);
    }

    [Fact]
    public async Task GrainStateIsWrittenAsJsonAndReadBackAfterDeactivation()
    {
        var key = "state-" + Guid.NewGuid().ToString("N");
        var grain = Client.GetGrain<IProbeGrain>(key);
        await grain.WriteAsync("hello", 42);
        await grain.DeactivateAsync();
        await WaitUntilAsync(() => Task.FromResult(!IsActive(key)));

        var state = await grain.ReadAsync();

        Assert.Equal("hello", state.Text);
        Assert.Equal(42, state.Number);
        var payload = await Sql.ScalarAsync<byte[]>(fixture.ConnectionString, $"SELECT payloadbinary FROM orleans_storage WHERE graintypestring = 'probe' AND grainidextensionstring LIKE '%{key}'");
        Assert.StartsWith("{", Encoding.UTF8.GetString(payload));
    }

    [Fact]
    public async Task AWriteWithAStaleETagIsRefused()
    {
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(TwinStorage.ProviderName);
        var grainId = GrainId.Create("probe", "etag-" + Guid.NewGuid().ToString("N"));
        var first = new GrainState<ProbeState>(new ProbeState { Text = "first" });
        await storage.WriteStateAsync("probe", grainId, first);
        var stale = new GrainState<ProbeState>(new ProbeState { Text = "stale" }, first.ETag);
        await storage.WriteStateAsync("probe", grainId, first);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", grainId, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", grainId, new GrainState<ProbeState>(new ProbeState())));

        var read = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync("probe", grainId, read);
        Assert.Equal("first", read.State!.Text);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task ClearingKeepsTheVersionMovingSoAStaleWriterStillConflicts()
    {
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(TwinStorage.ProviderName);
        var grainId = GrainId.Create("probe", "clear-" + Guid.NewGuid().ToString("N"));
        var state = new GrainState<ProbeState>(new ProbeState { Text = "to clear" });
        await storage.WriteStateAsync("probe", grainId, state);
        var stale = new GrainState<ProbeState>(new ProbeState(), state.ETag);

        await storage.ClearStateAsync("probe", grainId, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("probe", grainId, stale));
        var read = new GrainState<ProbeState>(new ProbeState { Text = "not read" });
        await storage.ReadStateAsync("probe", grainId, read);
        Assert.Equal("", read.State!.Text);
    }

    [Fact]
    public async Task DeletingOnClearRemovesTheRowUnderTheSameVersionCheck()
    {
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(PostgresClusterFixture.DeleteOnClearProviderName);
        var grainId = GrainId.Create("probe", "delete-" + Guid.NewGuid().ToString("N"));
        var state = new GrainState<ProbeState>(new ProbeState { Text = "to delete" });
        await storage.WriteStateAsync("probe", grainId, state);
        var stale = new GrainState<ProbeState>(new ProbeState(), state.ETag);
        await storage.WriteStateAsync("probe", grainId, state);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearStateAsync("probe", grainId, stale));
        await storage.ClearStateAsync("probe", grainId, state);

        var read = new GrainState<ProbeState>(new ProbeState { Text = "not read" });
        await storage.ReadStateAsync("probe", grainId, read);
        Assert.False(read.RecordExists);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(fixture.ConnectionString, $"SELECT count(*) FROM orleans_storage WHERE grainidextensionstring LIKE '%{grainId.Key}'"));
    }

    [Fact]
    public async Task ARegisteredReminderFires()
    {
        var key = "reminder-" + Guid.NewGuid().ToString("N");
        var grain = Client.GetGrain<IProbeGrain>(key);

        await grain.StartReminderAsync();
        await WaitUntilAsync(() => Task.FromResult(ReminderTicks.Count(key) > 0));
        var stored = await Sql.ScalarAsync<long>(fixture.ConnectionString, $"SELECT count(*) FROM orleans_reminders WHERE grainid LIKE '%{key}'");
        await grain.StopReminderAsync();

        Assert.Equal(1, stored);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(fixture.ConnectionString, $"SELECT count(*) FROM orleans_reminders WHERE grainid LIKE '%{key}'"));
    }

    [Fact]
    public async Task DefunctSiloCleanupRemovesOnlyLongDeadSilos()
    {
        var clusterId = fixture.Cluster.Options.ClusterId;
        await Sql.ExecuteAsync(fixture.ConnectionString, $"""
            INSERT INTO orleans_membership (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
            VALUES ('{clusterId}', '10.9.9.9', 11111, 1, 'gone', 'gone', 6, 0, now() - interval '3 days', now() - interval '3 days')
            """);
        var table = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IMembershipTable>();

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddDays(-1), CancellationToken.None);

        Assert.Equal(0L, await Sql.ScalarAsync<long>(fixture.ConnectionString, "SELECT count(*) FROM orleans_membership WHERE address = '10.9.9.9'"));
        Assert.Equal(2L, await Sql.ScalarAsync<long>(fixture.ConnectionString, $"SELECT count(*) FROM orleans_membership WHERE status = {Active}"));
    }

    private bool IsActive(string key) =>
        fixture.Cluster.TryGetGrainContext(Client.GetGrain<IProbeGrain>(key).GetGrainId(), out _);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 30 seconds.");
            await Task.Delay(50);
        }
    }
}
