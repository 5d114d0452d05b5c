using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using MQTTnet;
using MQTTnet.Protocol;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>
/// Devices and subscribers on any silo of a PostgreSQL cluster: what the platform publishes reaches them whichever
/// silo their twin lives on and whichever silo's API was called, and a device that moves to another silo keeps one
/// session. Devices and subscribers are mosquitto clients, except where the test must see the broker close a connection.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterMqttTests(PostgresDatabase postgres)
{
    private const string MergePatch = "application/merge-patch+json";

    [Fact]
    public async Task DevicesOnEitherSiloGetTheirCommandsAndDesiredStateAndSubscribersOnEitherSiloSeeEveryTwin()
    {
        var (a, b) = await StartClusterAsync("dtn-mqtt-x");
        await using var _ = a;
        await using var __ = b;
        SiloProcess[] silos = [a, b];

        // Two devices on each silo (client id = device id); the twins live wherever the cluster puts them.
        var ids = Enumerable.Range(0, 4).Select(i => DeviceTelemetryTests.NewId($"x{i}")).ToArray();
        var devices = new List<Subscription>();
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var silo = silos[i % 2];
            var created = await ApiCall.SendAsync(silo.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"smart_light"}""");
            Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
            devices.Add(await new Mosquitto(silo.MqttPort).SubscribeAsync(id, $"device/{id}/command", $"device/{id}/desired"));
        }

        // A watcher on each silo takes every twin's updates.
        using var watchA = await new Mosquitto(a.MqttPort).SubscribeAsync("watch-a", "twin/+/update");
        using var watchB = await new Mosquitto(b.MqttPort).SubscribeAsync("watch-b", "twin/+/update");
        try
        {
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
            {
                // The API of the silo the device is not on.
                var api = silos[(i + 1) % 2];
                var online = await new Mosquitto(silos[i % 2].MqttPort).PublishAsync($"device/{id}/status", "online", clientId: id + "-status");
                Assert.True(online.ExitCode == 0, online.Output);
                await Eventually.GetAsync(() => api.GetDataAsync($"/api/v1/twins/{id}"), t => t.GetProperty("status").GetString() == "online", what: $"{id} online");

                var patched = await ApiCall.SendAsync(api.Http, HttpMethod.Patch, $"/api/v1/twins/{id}/desired", """{"brightness":40}""", MergePatch);
                Assert.True(patched.Status == HttpStatusCode.OK, patched.ToString());
                var sent = await ApiCall.SendAsync(api.Http, HttpMethod.Post, $"/api/v1/twins/{id}/command",
                    """{"action":"set_brightness","parameters":{"brightness":75},"timeout":30}""");
                Assert.True(sent.Status == HttpStatusCode.Accepted, sent.ToString());
            }

            foreach (var (id, device) in ids.Zip(devices))
            {
                var desired = await device.WaitForLineAsync(l => l.StartsWith($"device/{id}/desired ", StringComparison.Ordinal), $"the desired state on {id}");
                Assert.Contains("\"brightness\":40", desired);
                var command = await device.WaitForLineAsync(l => l.StartsWith($"device/{id}/command ", StringComparison.Ordinal), $"the command on {id}");
                Assert.Contains("set_brightness", command);
            }

            // Every twin's updates reach both watchers. The silos learn of each other's watchers within a registry
            // refresh, so the devices report until both have seen an update of every twin.
            for (var round = 0; round < 60 && !ids.All(id => SawUpdate(watchA, id) && SawUpdate(watchB, id)); round++)
            {
                foreach (var (id, i) in ids.Select((id, i) => (id, i)))
                {
                    await new Mosquitto(silos[i % 2].MqttPort).PublishAsync($"device/{id}/telemetry", $$"""{"brightness":{{round}}}""", clientId: id + "-telemetry");
                }

                await Task.Delay(500);
            }

            Assert.All(ids, id => Assert.True(SawUpdate(watchA, id), $"no update of {id} on silo A"));
            Assert.All(ids, id => Assert.True(SawUpdate(watchB, id), $"no update of {id} on silo B"));
            Assert.Empty(a.LoggedErrors());
            Assert.Empty(b.LoggedErrors());
        }
        finally
        {
            devices.ForEach(d => d.Dispose());
        }
    }

    [Fact]
    public async Task ADeviceThatConnectsToAnotherSiloKeepsOneSessionStaysOnlineAndGetsItsUnacknowledgedCommandsThere()
    {
        var (a, b) = await StartClusterAsync("dtn-mqtt-move");
        await using var _ = a;
        await using var __ = b;
        var id = DeviceTelemetryTests.NewId("move");
        var created = await ApiCall.SendAsync(a.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"smart_light"}""");
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());

        // On silo A with a last will, as a device behind a load balancer, it gets a command and does not answer it.
        using var first = await ConnectAsync(a.MqttPort, id);
        var onA = Received(first);
        var closedOnA = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        first.DisconnectedAsync += e => { closedOnA.TrySetResult(e); return Task.CompletedTask; };
        await first.SubscribeAsync($"device/{id}/command", MqttQualityOfServiceLevel.AtLeastOnce);
        await first.PublishStringAsync($"device/{id}/status", "online", MqttQualityOfServiceLevel.AtLeastOnce);
        await Eventually.GetAsync(() => b.GetDataAsync($"/api/v1/twins/{id}"), t => t.GetProperty("status").GetString() == "online", what: $"{id} online");
        var unanswered = await SendCommandAsync(b, id, 30);
        await Eventually.GetAsync(() => Task.FromResult(Count(onA)), n => n > 0, what: "the command on silo A");

        // Then the same device comes in through B while A still holds its connection (a half-open connection after a
        // network change): A closes it as taken over, and the command not acknowledged comes again through B.
        using var second = await ConnectAsync(b.MqttPort, id);
        var onB = Received(second);
        await second.SubscribeAsync($"device/{id}/command", MqttQualityOfServiceLevel.AtLeastOnce);
        var closed = await closedOnA.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(MqttClientDisconnectReason.SessionTakenOver, closed.Reason);
        await Eventually.GetAsync(() => Task.FromResult(Count(onB)), n => n > 0, what: "the unanswered command again on silo B");
        Assert.Equal(unanswered, CommandId(Snapshot(onB)[0]));

        var next = await SendCommandAsync(a, id, 31);
        await Eventually.GetAsync(() => Task.FromResult(Snapshot(onB).Select(CommandId).ToList()), ids => ids.Contains(next), what: "a new command on silo B");
        Assert.Single(Snapshot(onA));

        // The will of the closed connection was not published: the device moved, it did not go.
        Assert.Equal("online", (await a.GetDataAsync($"/api/v1/twins/{id}")).GetProperty("status").GetString());
        var moved = 0L;
        foreach (var silo in new[] { a, b })
        {
            moved += (await silo.GetDataAsync("/api/v1/system/metrics")).GetProperty("cluster").GetProperty("sessions_moved").GetInt64();
        }

        Assert.Equal(1, moved);
        Assert.Empty(a.LoggedErrors());
        Assert.Empty(b.LoggedErrors());
    }

    private static async Task<string> SendCommandAsync(SiloProcess api, string id, int brightness)
    {
        var sent = await ApiCall.SendAsync(api.Http, HttpMethod.Post, $"/api/v1/twins/{id}/command",
            $$"""{"action":"set_brightness","parameters":{"brightness":{{brightness}}},"timeout":60}""");
        Assert.True(sent.Status == HttpStatusCode.Accepted, sent.ToString());
        return sent.Data.GetProperty("command_id").GetString()!;
    }

    private static List<string> Received(IMqttClient client)
    {
        var received = new List<string>();
        client.ApplicationMessageReceivedAsync += e =>
        {
            lock (received)
            {
                received.Add(e.ApplicationMessage.ConvertPayloadToString());
            }

            return Task.CompletedTask;
        };
        return received;
    }

    private static string CommandId(string json) => JsonDocument.Parse(json).RootElement.GetProperty("command_id").GetString()!;

    private static List<string> Snapshot(List<string> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    private static bool SawUpdate(Subscription watcher, string id) =>
        watcher.Lines.Any(l => l.StartsWith($"twin/{id}/update ", StringComparison.Ordinal));

    private static int Count(List<string> list) => Snapshot(list).Count;

    private static async Task<IMqttClient> ConnectAsync(int port, string id)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(id)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval(3600)
            .WithWillTopic($"device/{id}/status")
            .WithWillPayload("offline")
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        return client;
    }

    private async Task<(SiloProcess A, SiloProcess B)> StartClusterAsync(string clusterId)
    {
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync(), clusterId);
        var a = await SiloProcess.StartAsync(settings);
        var b = await SiloProcess.StartAsync(settings);
        await a.WaitForActiveSilosAsync(2);
        return (a, b);
    }
}
