using System.Net;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>With PostgreSQL, issued and revoked credentials survive a restart: the broker of a new silo verifies against them.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DurableCredentialsTests(PostgresDatabase postgres)
{
    [Fact]
    public async Task ARestartedSiloAcceptsTheIssuedSecretAndStillRefusesTheRevokedOne()
    {
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync());
        settings["Mqtt:Auth:Enabled"] = "true";
        var id = $"durable-{Guid.NewGuid():N}";
        string kept, revoked;
        await using (var first = await SiloProcess.StartAsync(settings))
        {
            revoked = await IssueAsync(first, id);
            kept = await IssueAsync(first, id);
            var listed = await first.GetDataAsync($"/api/v1/twins/{id}/credentials");
            var revokedId = listed.GetProperty("credentials")[0].GetProperty("id").GetString();
            Assert.Equal(HttpStatusCode.NoContent, (await ApiCall.SendAsync(first.Http, HttpMethod.Delete, $"/api/v1/twins/{id}/credentials/{revokedId}")).Status);
            Assert.True(await first.TerminateAsync(TimeSpan.FromSeconds(30)), "the silo did not stop within 30 s");
        }

        await using var second = await SiloProcess.StartAsync(settings);
        var mqtt = new Mosquitto(second.MqttPort);
        var (refusedExit, refused) = await mqtt.RunAsync("mosquitto_pub", "-u", id, "-P", revoked, "-i", id, "-q", "1", "-t", $"device/{id}/telemetry", "-m", """{"temperature":1}""");
        Assert.NotEqual(0, refusedExit);
        Assert.Contains("bad user name or password", refused, StringComparison.Ordinal);

        // The refusal backed the device id off for a second: the right secret gets through once that has passed.
        await Eventually.GetAsync(
            async () => (await mqtt.RunAsync("mosquitto_pub", "-u", id, "-P", kept, "-i", id, "-q", "1", "-t", $"device/{id}/telemetry", "-m", """{"temperature":21}""")).ExitCode,
            exitCode => exitCode == 0,
            what: "the kept secret accepted by the restarted silo");
        await second.TwinWhenAsync(id, twin => twin.GetProperty("state").TryGetProperty("temperature", out _), what: "the device's telemetry applied");
    }

    private static async Task<string> IssueAsync(SiloProcess silo, string deviceId)
    {
        var issued = await ApiCall.SendAsync(silo.Http, HttpMethod.Post, $"/api/v1/twins/{deviceId}/credentials");
        Assert.Equal(HttpStatusCode.Created, issued.Status);
        return issued.Data.GetProperty("secret").GetString()!;
    }
}
