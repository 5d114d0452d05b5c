using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalTwin.TestSupport;
using Xunit.Abstractions;

namespace DigitalTwin.Container.Tests;

/// <summary>
/// The cluster as Kubernetes runs it, on one machine: PostgreSQL and three silo containers of the image, devices spread
/// over the three brokers as a load balancer would. Commands, desired state and twin updates reach devices and
/// subscribers whichever silo they are on; killing one container under QoS 1 load loses no acknowledged message, and
/// its devices go on through the others within 10 s (the membership timings of k8s/base); restarting all three one
/// after the other under load loses none either.
/// </summary>
[Collection(ContainerImagesCollection.Name)]
[Trait("Category", "Container")]
public sealed class ClusterContainerTests(ContainerImages images, ITestOutputHelper output)
{
    private const int Devices = 12;
    private static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ThreeSiloContainersServeDevicesOnAnyOfThemAndLoseNothingAcknowledgedWhenOneIsKilledOrAllAreRestarted()
    {
        await using var postgres = await PostgresContainer.StartAsync(images.Postgres);
        var (migrated, migration) = await Podman.RunAsync("run", "--rm", "--network=host", "-e", $"Postgres__ConnectionString={postgres.ConnectionString}", images.Silo, "migrate");
        Assert.True(migrated == 0, migration);

        // As the ConfigMap of k8s/base sets them: a killed silo is declared dead after 2 missed probes 2 s apart.
        var settings = new Dictionary<string, string>
        {
            ["Postgres__ConnectionString"] = postgres.ConnectionString,
            ["Postgres__MigrateOnStart"] = "false",
            ["Orleans__ClusterId"] = "dtn-containers",
            ["Orleans__AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans__Membership__ProbeTimeout"] = "00:00:02",
            ["Orleans__Membership__NumMissedProbesLimit"] = "2",
            ["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:02",
        };
        var silos = new SiloContainer[3];
        try
        {
            for (var i = 0; i < silos.Length; i++)
            {
                silos[i] = await SiloContainer.StartAsync(images.Silo, settings);
            }

            await WaitForActiveSilosAsync(silos[0], 3);
            await AssertMessagesReachEverySiloAsync(silos);

            var ports = silos.Select(s => s.MqttPort).ToArray();
            var devices = Enumerable.Range(0, Devices).Select(i => new AckCountingDevice($"ctr-{i:D2}-{Guid.NewGuid():N}"[..20], ports, i % 3)).ToList();
            using var stop = new CancellationTokenSource();
            var running = devices.Select(d => d.RunAsync(PublishInterval, stop.Token)).ToList();
            await UntilAsync(() => devices.All(d => d.Acked.Count >= 10), TimeSpan.FromSeconds(60), "every device acknowledged on its first silo");

            // kill -9 of one: its devices move to the others and go on, their twins answering again, within the bound.
            var killed = silos[2];
            var moved = devices.Where((_, i) => i % 3 == 2).ToList();
            var ackedAtKill = moved.ToDictionary(d => d, d => d.Acked.Count);
            var clock = Stopwatch.StartNew();
            await killed.KillAsync();
            await UntilAsync(() => moved.All(d => d.Acked.Count > ackedAtKill[d]), TimeSpan.FromSeconds(60), "the killed silo's devices acknowledged on the others");
            await UntilAsync(async () => (await Task.WhenAll(moved.Select(d => AnswersAsync(silos[0], d.Id)))).All(ok => ok), TimeSpan.FromSeconds(60), "their twins answering");
            var recovery = clock.Elapsed;
            output.WriteLine($"kill -9 of one of three silo containers: its {moved.Count} devices acknowledged on the others and their twins answered after {recovery.TotalSeconds:F1} s");
            Assert.True(recovery <= RecoveryBound, $"the killed silo's devices took {recovery.TotalSeconds:F1} s to go on, more than {RecoveryBound.TotalSeconds} s");

            // Its replacement on the same ports (as a new pod behind the Service), then a rolling restart of all three.
            await killed.DisposeAsync();
            silos[2] = await SiloContainer.StartAsync(images.Silo, settings, killed.Ports);
            await WaitForActiveSilosAsync(silos[0], 3);
            for (var i = 0; i < silos.Length; i++)
            {
                var old = silos[i];
                var acked = devices.Sum(d => d.Acked.Count);
                Assert.Equal(0, await old.StopAsync(TimeSpan.FromSeconds(30)));
                await old.DisposeAsync();
                silos[i] = await SiloContainer.StartAsync(images.Silo, settings, old.Ports);
                await WaitForActiveSilosAsync(silos[(i + 1) % 3], 3);
                await UntilAsync(() => devices.Sum(d => d.Acked.Count) > acked + Devices, TimeSpan.FromSeconds(60), $"devices acknowledged after restarting silo {i + 1}");
            }

            await stop.CancelAsync();
            await Task.WhenAll(running);

            var acknowledged = devices.Sum(d => d.Acked.Count);
            var acknowledgements = devices.Select(d => (d.Id, Seqs: d.Acked)).ToList();
            // A PUBACK says the message is durably queued; its twin applies it a moment later.
            var missing = await Eventually.UntilAsync(() => AcknowledgedMessages.MissingAsync(silos[0].Http, acknowledgements), m => m.Count == 0, TimeSpan.FromSeconds(60));

            output.WriteLine($"{Devices} devices over 3 silo containers, one killed and all restarted: {acknowledged} messages acknowledged, {devices.Sum(d => d.Failovers)} moves, {missing.Count} missing");
            Assert.True(acknowledged > 500, $"only {acknowledged} messages were acknowledged: the test proved little");
            Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged} acknowledged messages missing:\n{string.Join('\n', missing.Take(20))}");
        }
        finally
        {
            foreach (var silo in silos.Where(s => s is not null))
            {
                await silo.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A device on the third silo gets the command and desired state sent through the first silo's API, and a subscriber
    /// on the second silo sees the device's twin change, wherever the twin lives: the device and the subscriber are
    /// mosquitto_sub, the device's reports mosquitto_pub.
    /// </summary>
    private static async Task AssertMessagesReachEverySiloAsync(SiloContainer[] silos)
    {
        var id = $"ctr-cmd-{Guid.NewGuid():N}"[..20];
        using var created = await silos[0].Http.PostAsJsonAsync("/api/v1/twins", new { id, type = "smart_light" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var deviceSide = new Mosquitto(silos[2].MqttPort);
        using var device = await deviceSide.SubscribeAsync(id, $"device/{id}/command", $"device/{id}/desired");
        using var watcher = await new Mosquitto(silos[1].MqttPort).SubscribeAsync($"watch-{id}", "twin/+/update");
        var online = await deviceSide.PublishAsync($"device/{id}/status", "online", clientId: $"{id}-status");
        Assert.True(online.ExitCode == 0, online.Output);

        using var desired = await silos[0].Http.PatchAsync($"/api/v1/twins/{id}/desired", new StringContent("""{"brightness":40}""", System.Text.Encoding.UTF8, "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, desired.StatusCode);
        using var command = await silos[0].Http.PostAsJsonAsync($"/api/v1/twins/{id}/command", new { action = "set_brightness", parameters = new { brightness = 75 }, timeout = 30 });
        Assert.Equal(HttpStatusCode.Accepted, command.StatusCode);
        Assert.Contains("\"brightness\":40", await device.WaitForLineAsync(l => l.StartsWith($"device/{id}/desired ", StringComparison.Ordinal), "the desired state on the device's silo"));
        Assert.Contains("set_brightness", await device.WaitForLineAsync(l => l.StartsWith($"device/{id}/command ", StringComparison.Ordinal), "the command on the device's silo"));

        // The silos learn of the watcher's silo's interest at once; the device reports until the watcher saw a change.
        for (var value = 0; !watcher.Lines.Any(l => l.StartsWith($"twin/{id}/update ", StringComparison.Ordinal)); value++)
        {
            Assert.True(value < 60, "no twin update reached the subscriber on another silo");
            var reported = await deviceSide.PublishAsync($"device/{id}/telemetry", $$"""{"brightness":{{value}}}""", clientId: $"{id}-telemetry");
            Assert.True(reported.ExitCode == 0, reported.Output);
            await Task.Delay(500);
        }
    }

    private static async Task<bool> AnswersAsync(SiloContainer silo, string id)
    {
        try
        {
            using var response = await silo.Http.GetAsync($"/api/v1/twins/{id}");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static Task WaitForActiveSilosAsync(SiloContainer silo, int count) =>
        UntilAsync(
            async () =>
            {
                using var response = await silo.Http.GetAsync("/api/v1/system/health");
                using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return health.RootElement.ToString().Contains($"{count} active silo", StringComparison.Ordinal);
            },
            TimeSpan.FromSeconds(90),
            $"{count} active silos");

    private static Task UntilAsync(Func<bool> done, TimeSpan timeout, string what) => UntilAsync(() => Task.FromResult(done()), timeout, what);

    private static Task UntilAsync(Func<Task<bool>> done, TimeSpan timeout, string what) => Eventually.GetAsync(done, ok => ok, timeout, what);
}
