using System.Net;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using DigitalTwin.TestSupport;
using Npgsql;
using Xunit.Abstractions;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>Three silos on one machine form a cluster through PostgreSQL membership and survive losing one.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterFailoverTests(PostgresDatabase postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task KillingASiloWhileDevicesPublishLosesNoAcknowledgedMessage()
    {
        // Probes 2 s apart, two missed ones suspect a silo: the killed silo is declared dead in seconds.
        var connectionString = await postgres.CreateAsync();
        var settings = PostgresDatabase.SiloSettings(connectionString, clusterId: "dtn-failover");
        settings["Orleans:Membership:ProbeTimeout"] = "00:00:02";
        settings["Orleans:Membership:NumMissedProbesLimit"] = "2";
        await using var a = await SiloProcess.StartAsync(settings);
        await using var b = await SiloProcess.StartAsync(settings);
        await using var c = await SiloProcess.StartAsync(settings);
        SiloProcess[] silos = [a, b, c];
        int[] ports = [a.MqttPort, b.MqttPort, c.MqttPort];
        await WaitForMembershipAsync(connectionString, active: 3, dead: 0, "three active silos");

        // Every silo serves the API and the broker: one device created over each silo's API, read over another's.
        var apiIds = new List<string>();
        for (var i = 0; i < silos.Length; i++)
        {
            var id = DeviceTelemetryTests.NewId($"api-{i}");
            apiIds.Add(id);
            Assert.Equal(HttpStatusCode.Created, (await ApiCall.SendAsync(silos[i].Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"probe"}""")).Status);
            Assert.Equal(id, (await silos[(i + 1) % 3].GetDataAsync($"/api/v1/twins/{id}")).GetProperty("id").GetString());
        }

        var devices = Enumerable.Range(0, 24).Select(i => new AckCountingDevice(DeviceTelemetryTests.NewId($"fo-{i}"), ports, i % 3)).ToList();
        using var stop = new CancellationTokenSource();
        var running = devices.Select(d => d.RunAsync(TimeSpan.FromMilliseconds(20), stop.Token)).ToList();
        await Eventually.GetAsync(
            () => Task.FromResult(devices.Min(d => d.Acked.Count)), acked => acked >= 10, TimeSpan.FromSeconds(60), "every device acknowledged on its first silo");

        // A device connected to the silo about to die that never reconnects: its last will dies with that broker.
        var stranded = DeviceTelemetryTests.NewId("stranded");
        Assert.Equal(HttpStatusCode.Created, (await ApiCall.SendAsync(a.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{stranded}}","type":"probe"}""")).Status);
        using var strandedConnection = await new Mosquitto(c.MqttPort).SubscribeAsync(stranded, $"device/{stranded}/command");
        var online = await new Mosquitto(c.MqttPort).PublishAsync($"device/{stranded}/status", "online", clientId: stranded + "-status");
        Assert.True(online.ExitCode == 0, online.Output);
        await Eventually.GetAsync(() => a.GetDataAsync($"/api/v1/twins/{stranded}"), t => t.GetProperty("status").GetString() == "online", what: $"{stranded} online");

        await c.KillAsync();

        // The cluster declares the killed silo dead, its devices move and go on, and the others go on too;
        // a twin created over the dead silo's API is then read over the survivors'.
        await WaitForMembershipAsync(connectionString, active: 2, dead: 1, "the killed silo declared dead");
        var ackedWhenDeclaredDead = devices.ToDictionary(d => d, d => d.Acked.Count);
        var moved = devices.Where((_, i) => i % 3 == 2).ToList();
        await Eventually.GetAsync(
            () => Task.FromResult(moved.Min(d => d.AckedAfterFailover)), acked => acked >= 10, TimeSpan.FromSeconds(60), "every moved device acknowledged on another silo");
        await Eventually.GetAsync(
            () => Task.FromResult(devices.Min(d => d.Acked.Count - ackedWhenDeclaredDead[d])),
            acked => acked >= 10,
            TimeSpan.FromSeconds(60),
            "every device acknowledged after the silo was declared dead");
        foreach (var survivor in new[] { a, b })
        {
            Assert.Equal(apiIds[2], (await survivor.GetDataAsync($"/api/v1/twins/{apiIds[2]}")).GetProperty("id").GetString());
        }

        // Its twin lived on a survivor (told when the silo was declared dead) or on the dead silo (it reads its stored
        // session silo when it activates again): either way the device is offline, long before any inactivity timeout.
        await Eventually.GetAsync(
            () => b.GetDataAsync($"/api/v1/twins/{stranded}"), t => t.GetProperty("status").GetString() == "offline", TimeSpan.FromSeconds(30),
            $"{stranded} offline once its silo was declared dead");

        await stop.CancelAsync();
        await Task.WhenAll(running);

        Assert.All(moved, d => Assert.True(d.Failovers > 0 && d.AckedAfterFailover > 0, $"{d.Id} did not go on on another silo"));
        var acknowledged = await DurabilityTests.AssertNothingAcknowledgedIsMissingAsync(a, devices);
        await DurabilityTests.AssertNothingAcknowledgedIsMissingAsync(b, devices);
        output.WriteLine($"3 silos, one killed: {acknowledged} messages acknowledged by {devices.Count} devices, " +
            $"{moved.Sum(d => d.AckedAfterFailover)} of them after {moved.Count} devices moved, 0 missing");
        var listing = await b.GetDataAsync("/api/v1/twins?limit=1000");
        Assert.True(listing.GetProperty("count").GetInt32() >= devices.Count + 3);
    }

    /// <summary>Waits until the cluster's membership rows show that many active and dead silos (Orleans' SiloStatus: 3 active, 6 dead).</summary>
    private static Task WaitForMembershipAsync(string connectionString, int active, int dead, string what) =>
        Eventually.GetAsync(
            async () =>
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(
                    "SELECT count(*) FILTER (WHERE status = 3), count(*) FILTER (WHERE status = 6) FROM orleans_membership", connection);
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                return (Active: reader.GetInt64(0), Dead: reader.GetInt64(1));
            },
            rows => rows.Active == active && rows.Dead == dead,
            TimeSpan.FromSeconds(60),
            what);
}
