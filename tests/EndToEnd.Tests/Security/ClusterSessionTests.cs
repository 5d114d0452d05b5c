using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// Behind a load balancer a browser's next request may reach any silo: a session cookie one silo issued opens on the
/// others, because the silos share the key ring that seals it in PostgreSQL.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterSessionTests(PostgresDatabase postgres)
{
    [Fact]
    public async Task ASessionOpenedOnOneSiloIsHonouredByTheOther()
    {
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync(), "dtn-session-x");
        foreach (var (key, value) in ApiClient.KeySettings())
        {
            settings[key] = value;
        }

        await using var a = await SiloProcess.StartAsync(settings);
        await using var b = await SiloProcess.StartAsync(settings);
        var jar = Path.Combine(Path.GetTempPath(), $"dtn-session-{Guid.NewGuid():N}.txt");
        try
        {
            var login = await ExternalTool.RunAsync("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", $"X-Api-Key: {ApiClient.ViewerKey}", "-c", jar, $"http://127.0.0.1:{a.HttpPort}/api/v1/session");
            Assert.True(login is (0, "200"), login.Output);

            foreach (var silo in new[] { b, a })
            {
                var read = await ExternalTool.RunAsync("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", "-b", jar, $"http://127.0.0.1:{silo.HttpPort}/api/v1/twins");
                Assert.True(read is (0, "200"), $"silo on port {silo.HttpPort}: {read.Output}");
            }
        }
        finally
        {
            File.Delete(jar);
        }

        Assert.Empty(a.LoggedErrors());
        Assert.Empty(b.LoggedErrors());
    }
}
