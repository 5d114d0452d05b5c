using System.Net;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>Three silos on one machine form a cluster through PostgreSQL membership and survive losing one.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterFailoverTests(PostgresDatabase postgres)
{
    [Fact]
    public async Task KillingASiloWhileDevicesPublishLosesNoAcknowledgedMessage()
    {
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync(), clusterId: "dtn-failover");
        await using var a = await SiloProcess.StartAsync(settings);
        await using var b = await SiloProcess.StartAsync(settings);
        await using var c = await SiloProcess.StartAsync(settings);
        SiloProcess[] silos = [a, b, c];
        int[] ports = [a.MqttPort, b.MqttPort, c.MqttPort];

        // Every silo serves the API and the broker: one device created over each silo's API, read over another's.
        for (var i = 0; i < silos.Length; i++)
        {
            var id = DeviceTelemetryTests.NewId($"api-{i}");
            Assert.Equal(HttpStatusCode.Created, (await ApiCall.SendAsync(silos[i].Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"probe"}""")).Status);
            Assert.Equal(id, (await silos[(i + 1) % 3].GetDataAsync($"/api/v1/twins/{id}")).GetProperty("id").GetString());
        }

        var devices = Enumerable.Range(0, 24).Select(i => new AckCountingDevice(DeviceTelemetryTests.NewId($"fo-{i}"), ports, i % 3)).ToList();
        using var stop = new CancellationTokenSource();
        var running = devices.Select(d => d.RunAsync(TimeSpan.FromMilliseconds(20), stop.Token)).ToList();
        await Task.Delay(TimeSpan.FromSeconds(5));

        await c.KillAsync();

        // Long enough for the cluster to declare the silo dead and for its devices to move and go on.
        await Task.Delay(TimeSpan.FromSeconds(40));
        await stop.CancelAsync();
        await Task.WhenAll(running);

        Assert.True(devices.Where((_, i) => i % 3 == 2).All(d => d.Failovers > 0), "the devices of the killed silo never moved");
        await DurabilityTests.AssertNothingAcknowledgedIsMissingAsync(a, devices);
        await DurabilityTests.AssertNothingAcknowledgedIsMissingAsync(b, devices);
        var listing = await b.GetDataAsync("/api/v1/twins?limit=1000");
        Assert.True(listing.GetProperty("count").GetInt32() >= devices.Count + 3);
    }
}
