using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>Feed consumers on any silo of a PostgreSQL cluster see the events of twins living on another.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterFeedTests(PostgresDatabase postgres)
{
    [Fact]
    public async Task ConsumersOnBothSilosReceiveTheUpdatesOfADevicePublishingToOne()
    {
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync(), clusterId: "dtn-feeds");
        await using var a = await SiloProcess.StartAsync(settings);
        await using var b = await SiloProcess.StartAsync(settings);
        await a.WaitForActiveSilosAsync(2);

        var id = DeviceTelemetryTests.NewId("feed-x");
        await using var onA = await FeedSocket.ConnectAsync(a);
        await using var onB = await FeedSocket.ConnectAsync(b);
        await onA.SubscribeAsync($$"""{"action":"subscribe","twin_id":"{{id}}","events":["twin_update"]}""");
        await onB.SubscribeAsync($$"""{"action":"subscribe","twin_id":"{{id}}","events":["twin_update"]}""");

        // Whichever silo the twin lives on, one of the two consumers is on the other. The silos learn of each
        // other within a registry refresh, so the device publishes until both consumers have seen an update.
        var mqtt = new Mosquitto(b.MqttPort);
        var seenOnA = Task.Run(() => onA.NextAsync(f => LiveFeedTests.Type(f) == "twin_update", TimeSpan.FromSeconds(60)));
        var seenOnB = Task.Run(() => onB.NextAsync(f => LiveFeedTests.Type(f) == "twin_update", TimeSpan.FromSeconds(60)));
        for (var i = 0; !(seenOnA.IsCompleted && seenOnB.IsCompleted) && i < 120; i++)
        {
            var (exit, output) = await mqtt.PublishAsync($"device/{id}/telemetry", $$"""{"reading":{{i}}}""", clientId: id);
            Assert.True(exit == 0, output);
            await Task.WhenAny(Task.WhenAll(seenOnA, seenOnB), Task.Delay(500));
        }

        Assert.Equal(id, (await seenOnA).GetProperty("twin_id").GetString());
        Assert.Equal(id, (await seenOnB).GetProperty("twin_id").GetString());
        var relayed = 0L;
        foreach (var silo in new[] { a, b })
        {
            relayed += (await silo.GetDataAsync("/api/v1/system/metrics")).GetProperty("feeds").GetProperty("relayed").GetInt64();
        }

        Assert.True(relayed > 0, "no event went from one silo to the other");
        Assert.Empty(a.LoggedErrors());
        Assert.Empty(b.LoggedErrors());
    }
}
