using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using DigitalTwin.EndToEnd.Tests.Security;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>With API keys or the deprecated tokens configured, every route but the health probe and the docs needs a key whose role allows it.</summary>
public sealed class ApiAuthorizationTests
{
    private const string Token = "test-token-0123456789abcdef";

    [Fact]
    public async Task DeprecatedTokensStillWorkAsAdminKeysOnTheApiTheFeedAndTheDashboard()
    {
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["Api:Auth:Tokens:0"] = Token });

        foreach (var path in new[] { "/api/v1/twins", "/api/v1/devices", "/api/v1/system/metrics", "/api/v1/twins/x-1", "/dashboard/", "/api/v1/events", "/ws" })
        {
            using var anonymous = await silo.Http.GetAsync(path);
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)anonymous.StatusCode}");
            Assert.Equal(["Bearer", "ApiKey header=\"X-Api-Key\""], anonymous.Headers.WwwAuthenticate.Select(h => h.ToString()));

            using var wrong = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token-at-all") } };
            Assert.Equal(HttpStatusCode.Unauthorized, (await silo.Http.SendAsync(wrong)).StatusCode);
        }

        var refused = await ApiCall.SendAsync(silo.Http, HttpMethod.Post, "/api/v1/twins", """{"id":"locked-1","type":"sensor"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("UNAUTHORIZED", refused.ErrorCode);

        silo.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var created = await ApiCall.SendAsync(silo.Http, HttpMethod.Post, "/api/v1/twins", """{"id":"locked-1","type":"sensor"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        using var dashboard = await silo.Http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);

        // The WebSocket feed takes the same credential on its upgrade request.
        await Assert.ThrowsAsync<WebSocketException>(async () => await (await FeedSocket.ConnectAsync(silo)).DisposeAsync());
        await using (var feed = await FeedSocket.ConnectAsync(silo, Token))
        {
            await feed.SubscribeAsync("""{"action":"subscribe","twin_id":"locked-1"}""");
        }

        silo.Http.DefaultRequestHeaders.Authorization = null;
        using var health = await silo.Http.GetAsync("/api/v1/system/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var docs = await silo.Http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Fact]
    public async Task EachApiKeyGetsWhatItsRoleAllowsAsAnIndependentClientSeesIt()
    {
        await using var silo = await SiloProcess.StartAsync(ApiClient.KeySettings());
        var twins = $"http://127.0.0.1:{silo.HttpPort}/api/v1/twins";

        Assert.Equal(401, await CurlAsync("-X", "POST", twins, "-H", "Content-Type: application/json", "-d", """{"id":"key-1","type":"sensor"}"""));
        Assert.Equal(401, await CurlAsync(twins, "-H", "X-Api-Key: viewer-key-0123456789abcdef-012345678X"));
        Assert.Equal(403, await CurlAsync("-X", "POST", twins, "-H", $"X-Api-Key: {ApiClient.OperatorKey}", "-H", "Content-Type: application/json", "-d", """{"id":"key-1","type":"sensor"}"""));
        Assert.Equal(201, await CurlAsync("-X", "POST", twins, "-H", $"Authorization: ApiKey {ApiClient.AdminKey}", "-H", "Content-Type: application/json", "-d", """{"id":"key-1","type":"sensor"}"""));
        Assert.Equal(200, await CurlAsync($"{twins}/key-1", "-H", $"X-Api-Key: {ApiClient.ViewerKey}"));
        Assert.Equal(403, await CurlAsync("-X", "PATCH", $"{twins}/key-1/desired", "-H", $"X-Api-Key: {ApiClient.ViewerKey}", "-H", "Content-Type: application/merge-patch+json", "-d", """{"mode":"eco"}"""));
        Assert.Equal(200, await CurlAsync("-X", "PATCH", $"{twins}/key-1/desired", "-H", $"X-Api-Key: {ApiClient.OperatorKey}", "-H", "Content-Type: application/merge-patch+json", "-d", """{"mode":"eco"}"""));
        Assert.Equal(403, await CurlAsync("-X", "DELETE", $"{twins}/key-1", "-H", $"X-Api-Key: {ApiClient.OperatorKey}"));
        Assert.Equal(403, await CurlAsync($"http://127.0.0.1:{silo.HttpPort}/dashboard/", "-H", $"X-Api-Key: {ApiClient.OperatorKey}"));
        Assert.Equal(200, await CurlAsync($"http://127.0.0.1:{silo.HttpPort}/dashboard/", "-H", $"X-Api-Key: {ApiClient.AdminKey}"));

        var desired = await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/twins/key-1/desired", headers: ApiClient.Key(ApiClient.ViewerKey));
        Assert.Equal("eco", desired.Data.GetProperty("desired").GetProperty("mode").GetString());
        Assert.Equal(200, await CurlAsync("-X", "DELETE", $"{twins}/key-1", "-H", $"X-Api-Key: {ApiClient.AdminKey}"));
        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task AShortTokenStopsTheSiloNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(new Dictionary<string, string> { ["Api:Auth:Tokens:0"] = "short" }));
        Assert.Contains("Api:Auth:Tokens:0", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The HTTP status curl saw.</summary>
    private static async Task<int> CurlAsync(params string[] args)
    {
        var info = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10" }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        using var curl = Process.Start(info)!;
        var output = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        return int.Parse(output);
    }
}
