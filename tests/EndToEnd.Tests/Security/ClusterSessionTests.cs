using DigitalTwin.EndToEnd.Tests.Infrastructure;
using Npgsql;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// Behind a load balancer a browser's next request may reach any silo: a session cookie one silo issued opens on the
/// others, because the silos share the key ring that seals it in PostgreSQL, with one key even when they start together.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterSessionTests(PostgresDatabase postgres)
{
    [Fact]
    public async Task ASessionOpenedOnOneSiloIsHonouredByTheOther()
    {
        var connectionString = await postgres.CreateAsync();
        var settings = PostgresDatabase.SiloSettings(connectionString, "dtn-session-x");
        foreach (var (key, value) in ApiClient.KeySettings())
        {
            settings[key] = value;
        }

        // Started together on an empty key ring, as replicas of a deployment are: one key must serve both.
        var starting = new[] { SiloProcess.StartAsync(settings), SiloProcess.StartAsync(settings) };
        await using var a = await starting[0];
        await using var b = await starting[1];
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        await using (var count = dataSource.CreateCommand("SELECT count(*) FROM dtn_data_protection_keys"))
        {
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync())!);
        }

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
