using System.Net;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using Npgsql;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>
/// With PostgreSQL, pending commands and their deadlines survive a <c>kill -9</c> of the silo: a queued
/// command goes out when its device comes back to the restarted silo, a sent one still times out, and
/// the reminder that wakes a twin with pending commands exists exactly while it has them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CommandDurabilityTests(PostgresDatabase postgres)
{
    [Fact]
    public async Task PendingCommandsAndTheirTimeoutsSurviveAKill()
    {
        var connectionString = await postgres.CreateAsync();
        var settings = PostgresDatabase.SiloSettings(connectionString);
        var queuedId = DeviceTelemetryTests.NewId("keep-queued");
        var sentId = DeviceTelemetryTests.NewId("keep-sent");
        string queuedCommand;
        string sentCommand;

        var first = await SiloProcess.StartAsync(settings);
        try
        {
            foreach (var id in new[] { queuedId, sentId })
            {
                var created = await ApiCall.SendAsync(first.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"smart_light"}""");
                Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
            }

            var queued = await ApiCall.SendAsync(first.Http, HttpMethod.Post, $"/api/v1/twins/{queuedId}/command", """{"action":"turn_on","parameters":{"brightness":30},"ttl":600}""");
            Assert.Equal("queued", queued.Data.GetProperty("status").GetString());
            queuedCommand = queued.Data.GetProperty("command_id").GetString()!;

            using (var device = await CommandDevice.ConnectAsync(new Mosquitto(first.MqttPort), sentId))
            {
                await device.AnnounceOnlineAsync();
                await Eventually.GetAsync(() => first.GetDataAsync($"/api/v1/twins/{sentId}"), t => t.GetProperty("status").GetString() == "online", what: "online");
                var sent = await ApiCall.SendAsync(first.Http, HttpMethod.Post, $"/api/v1/twins/{sentId}/command", """{"action":"turn_off","timeout":4}""");
                Assert.Equal("sent", sent.Data.GetProperty("status").GetString());
                sentCommand = sent.Data.GetProperty("command_id").GetString()!;
                await device.ReceiveAsync();
            }

            Assert.Equal(2, await CommandRemindersAsync(connectionString, queuedId, sentId));
            await first.KillAsync();
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var second = await SiloProcess.StartAsync(settings);
        using var returning = await CommandDevice.ConnectAsync(new Mosquitto(second.MqttPort), queuedId);
        await returning.AnnounceOnlineAsync();
        var delivered = await returning.ReceiveAsync();
        Assert.Equal(queuedCommand, delivered.GetProperty("command_id").GetString());
        Assert.Equal(30, delivered.GetProperty("parameters").GetProperty("brightness").GetInt32());
        await returning.AckAsync(queuedCommand, "success");
        var succeeded = await ApiCall.SendAsync(second.Http, HttpMethod.Get, $"/api/v1/twins/{queuedId}/commands/{queuedCommand}?wait=10s");
        Assert.Equal("succeeded", succeeded.Data.GetProperty("status").GetString());

        var timedOut = await Eventually.GetAsync(
            () => second.GetDataAsync($"/api/v1/twins/{sentId}/commands/{sentCommand}"),
            c => c.GetProperty("status").GetString() != "sent",
            what: "the sent command to time out after the restart");
        Assert.Equal("timed_out", timedOut.GetProperty("status").GetString());

        // The new silo logs Orleans' membership errors about the killed one, so its log is not asserted empty here.
        await Eventually.GetAsync(() => CommandRemindersAsync(connectionString, queuedId, sentId), count => count == 0, what: "the reminders to go with the pending commands");
    }

    private static async Task<long> CommandRemindersAsync(string connectionString, params string[] twinIds)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM orleans_reminders WHERE remindername = 'commands' AND (grainid LIKE '%' || $1 OR grainid LIKE '%' || $2)", connection);
        command.Parameters.AddWithValue(twinIds[0]);
        command.Parameters.AddWithValue(twinIds[1]);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
