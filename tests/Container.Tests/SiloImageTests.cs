using System.Net;
using System.Text.Json;
using DigitalTwin.TestSupport;

namespace DigitalTwin.Container.Tests;

/// <summary>
/// The silo's container image (Containerfile) as an orchestrator runs it: a non-root process that answers its probes
/// and devices, migrates the schema as the k8s init container does, stops cleanly on SIGTERM, and with PostgreSQL
/// leaves its twins for the next container to read back.
/// </summary>
[Collection(ContainerImagesCollection.Name)]
[Trait("Category", "Container")]
public sealed class SiloImageTests(ContainerImages images)
{
    [Fact]
    public async Task TheImageRunsTheSiloAsANonRootUserThatAnswersProbesAndDevices()
    {
        await using var silo = await SiloContainer.StartAsync(images.Silo);

        Assert.Equal("10001", await silo.ExecAsync("id", "-u"));
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("/health/live")).StatusCode);
        await PublishAsync(silo, "image-device-1", """{"temperature":21.5}""");
        var twin = await TwinAsync(silo, "image-device-1");
        Assert.Equal(21.5, twin.GetProperty("state").GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task WithPostgreSqlAStoppedContainerLeavesCleanlyAndTheNextReadsItsTwinsBack()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var settings = new Dictionary<string, string> { ["Postgres__ConnectionString"] = await postgres.CreateDatabaseAsync("image") };

        // The k8s init container's step: the same image with "migrate" applies the schema and exits.
        var (migrated, migration) = await Podman.RunAsync(["run", "--rm", "--network=host", "-e", $"Postgres__ConnectionString={settings["Postgres__ConnectionString"]}", images.Silo, "migrate"]);
        Assert.True(migrated == 0, migration);
        settings["Postgres__MigrateOnStart"] = "false";

        await using (var first = await SiloContainer.StartAsync(images.Silo, settings))
        {
            await PublishAsync(first, "image-device-2", """{"temperature":7.25,"mode":"eco"}""");
            await TwinAsync(first, "image-device-2");

            Assert.Equal(0, await first.StopAsync(TimeSpan.FromSeconds(30)));
            var errors = await first.LoggedErrorsAsync();
            Assert.True(errors.Count == 0, $"the silo logged errors while stopping:\n{string.Join("\n", errors)}");
        }

        await using var second = await SiloContainer.StartAsync(images.Silo, settings);
        var twin = await TwinAsync(second, "image-device-2");
        Assert.Equal(7.25, twin.GetProperty("state").GetProperty("temperature").GetDouble());
        Assert.Equal("eco", twin.GetProperty("state").GetProperty("mode").GetString());
    }

    private static async Task PublishAsync(SiloContainer silo, string deviceId, string payload)
    {
        var (exit, output) = await Podman.RunProgramAsync("mosquitto_pub", ["-p", silo.MqttPort.ToString(), "-i", deviceId, "-q", "1", "-t", $"device/{deviceId}/telemetry", "-m", payload]);
        Assert.True(exit == 0, output);
    }

    /// <summary>The twin's data once it exists (a twin applies its device's message milliseconds after the PUBACK).</summary>
    private static async Task<JsonElement> TwinAsync(SiloContainer silo, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var response = await silo.Http.GetAsync($"/api/v1/twins/{id}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return document.RootElement.GetProperty("data").Clone();
            }

            Assert.True(DateTime.UtcNow < deadline, $"twin {id} not there within 30 s: {(int)response.StatusCode}\n{await silo.LogsAsync()}");
            await Task.Delay(200);
        }
    }
}
