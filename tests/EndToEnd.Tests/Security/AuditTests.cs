using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// The audit log on the real silo: every state-changing call and every refused one is recorded with who, role, what,
/// when, from where and the outcome; reads are not; only admins may read it, filtered and paged.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditTests(PostgresDatabase postgres)
{
    [Fact]
    public async Task WritesAndRefusalsAreRecordedWithActorRoleRouteTwinAndOutcomeAndReadsAreNot()
    {
        await using var silo = await SiloProcess.StartAsync(ApiClient.KeySettings());
        await RunScenarioAsync(silo);

        var entries = await AllEntriesAsync(silo, limit: 3);
        Assert.Equal(
            [
                "admin-bot admin POST /api/v1/twins/ audit-1 201 succeeded",
                "admin-bot admin POST /api/v1/twins/{id}/activate audit-1 200 succeeded",
                "anonymous none POST /api/v1/twins/{id}/command audit-1 401 refused",
                "viewer-bot viewer POST /api/v1/twins/{id}/command audit-1 403 refused",
                "operator-bot operator PATCH /api/v1/twins/{id}/desired audit-1 200 succeeded",
                "operator-bot operator DELETE /api/v1/twins/{id} audit-1 403 refused",
                "viewer-bot viewer GET /api/v1/audit/ - 403 refused",
                "admin-bot admin PATCH /api/v1/twins/{id}/desired audit-2 404 failed",
            ],
            entries.AsEnumerable().Reverse().Select(Describe));
        Assert.All(entries, e => Assert.Equal("127.0.0.1", e.GetProperty("remote_address").GetString()));
        Assert.All(entries, e => Assert.InRange(e.GetProperty("at").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow));

        var refused = await ListAsync(silo, "?outcome=refused");
        Assert.Equal(4, refused.GetProperty("count").GetInt32());
        var byOperator = await ListAsync(silo, "?actor=operator-bot");
        Assert.Equal(2, byOperator.GetProperty("count").GetInt32());
        Assert.Equal(0, (await ListAsync(silo, $"?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}")).GetProperty("count").GetInt32());
        Assert.Equal("VALIDATION_ERROR", (await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/audit?outcome=maybe", headers: ApiClient.Key(ApiClient.AdminKey))).ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/audit", headers: ApiClient.Key(ApiClient.OperatorKey))).Status);
        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task InPostgresModeTheLogIsSharedAndOutlivesTheSilo()
    {
        var settings = PostgresDatabase.SiloSettings(await postgres.CreateAsync());
        foreach (var (key, value) in ApiClient.KeySettings())
        {
            settings[key] = value;
        }

        await using (var first = await SiloProcess.StartAsync(settings))
        {
            await RunScenarioAsync(first);

            // Entries are written behind the answer, in batches: wait for them, then stop gracefully.
            await Eventually.GetAsync(async () => (await AllEntriesAsync(first, limit: 100)).Count, n => n >= 8, TimeSpan.FromSeconds(15), "audit entries written");
            Assert.True(await first.TerminateAsync(TimeSpan.FromSeconds(30)));
        }

        await using var second = await SiloProcess.StartAsync(settings);
        var entries = await AllEntriesAsync(second, limit: 3);
        Assert.Equal(8, entries.Count(e => e.GetProperty("twin_id").GetString() is "audit-1" or "audit-2" || e.GetProperty("route").GetString() == "/api/v1/audit/"));
        Assert.Contains("operator-bot operator DELETE /api/v1/twins/{id} audit-1 403 refused", entries.Select(Describe));
        Assert.Empty(second.LoggedErrors());
    }

    /// <summary>Writes and refusals by every kind of caller, with reads in between that must not be recorded.</summary>
    private static async Task RunScenarioAsync(SiloProcess silo)
    {
        Assert.Equal(HttpStatusCode.Created, (await ApiCall.SendAsync(silo.Http, HttpMethod.Post, "/api/v1/twins", """{"id":"audit-1","type":"sensor"}""", headers: ApiClient.Key(ApiClient.AdminKey))).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(silo.Http, HttpMethod.Post, "/api/v1/twins/audit-1/activate", headers: ApiClient.Key(ApiClient.AdminKey))).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/twins/audit-1", headers: ApiClient.Key(ApiClient.ViewerKey))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ApiCall.SendAsync(silo.Http, HttpMethod.Post, "/api/v1/twins/audit-1/command", """{"action":"reboot"}""")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiCall.SendAsync(silo.Http, HttpMethod.Post, "/api/v1/twins/audit-1/command", """{"action":"reboot"}""", headers: ApiClient.Key(ApiClient.ViewerKey))).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(silo.Http, HttpMethod.Patch, "/api/v1/twins/audit-1/desired", """{"mode":"eco"}""", "application/merge-patch+json", ApiClient.Key(ApiClient.OperatorKey))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiCall.SendAsync(silo.Http, HttpMethod.Delete, "/api/v1/twins/audit-1", headers: ApiClient.Key(ApiClient.OperatorKey))).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/twins/audit-1/desired", headers: ApiClient.Key(ApiClient.OperatorKey))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/audit", headers: ApiClient.Key(ApiClient.ViewerKey))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCall.SendAsync(silo.Http, HttpMethod.Patch, "/api/v1/twins/audit-2/desired", """{"mode":"eco"}""", "application/merge-patch+json", ApiClient.Key(ApiClient.AdminKey))).Status);

        // Refused attempts changed nothing: the twin is there, with no command.
        var commands = await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/twins/audit-1/commands", headers: ApiClient.Key(ApiClient.AdminKey));
        Assert.Equal(0, commands.Data.GetProperty("commands").GetArrayLength());
    }

    private static string Describe(JsonElement e) =>
        $"{e.GetProperty("actor").GetString()} {e.GetProperty("role").GetString()} {e.GetProperty("method").GetString()} {e.GetProperty("route").GetString()} {e.GetProperty("twin_id").GetString() ?? "-"} {e.GetProperty("status").GetInt32()} {e.GetProperty("outcome").GetString()}";

    private static async Task<JsonElement> ListAsync(SiloProcess silo, string query)
    {
        var call = await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/audit" + query, headers: ApiClient.Key(ApiClient.AdminKey));
        Assert.True(call.Status == HttpStatusCode.OK, $"{call}");
        return call.Data;
    }

    /// <summary>Every entry, newest first, read page by page through the cursor (the admin's own reads are not recorded).</summary>
    private static async Task<List<JsonElement>> AllEntriesAsync(SiloProcess silo, int limit)
    {
        var entries = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(silo, $"?limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            entries.AddRange(page.GetProperty("entries").EnumerateArray());
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(entries.Count, entries.Select(e => e.GetProperty("id").GetInt64()).Distinct().Count());
        return entries;
    }
}
