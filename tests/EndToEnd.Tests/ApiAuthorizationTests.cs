using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>With tokens configured, every route but the health probe and the docs needs a valid bearer token.</summary>
public sealed class ApiAuthorizationTests
{
    private const string Token = "test-token-0123456789abcdef";

    [Fact]
    public async Task ConfiguredTokensAreEnforcedOnTheApiAndTheDashboard()
    {
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["Api:Auth:Tokens:0"] = Token });

        foreach (var path in new[] { "/api/v1/twins", "/api/v1/devices", "/api/v1/system/metrics", "/api/v1/twins/x-1", "/dashboard/", "/api/v1/events", "/api/v1/twins/x-1/events", "/ws", "/api/v1/twins/x-1/network", "/api/v1/datasets/export", "/api/v1/alerts", "/api/v1/alerts/x-1:1", "/api/v1/twins/x-1/alerts", "/api/v1/twins/x-1/baseline" })
        {
            using var anonymous = await silo.Http.GetAsync(path);
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)anonymous.StatusCode}");
            Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.ToString());

            using var wrong = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token-at-all") } };
            Assert.Equal(HttpStatusCode.Unauthorized, (await silo.Http.SendAsync(wrong)).StatusCode);
        }

        var refused = await ApiCall.SendAsync(silo.Http, HttpMethod.Post, "/api/v1/twins", """{"id":"locked-1","type":"sensor"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("UNAUTHORIZED", refused.ErrorCode);
        foreach (var write in new[] { "/api/v1/alerts/x-1:1/ack", "/api/v1/alerts/x-1:1/clear" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await ApiCall.SendAsync(silo.Http, HttpMethod.Post, write)).Status);
        }

        silo.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var created = await ApiCall.SendAsync(silo.Http, HttpMethod.Post, "/api/v1/twins", """{"id":"locked-1","type":"sensor"}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        using var dashboard = await silo.Http.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);

        // The WebSocket feed takes the same bearer token on its upgrade request.
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
    public async Task AShortTokenStopsTheSiloNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(new Dictionary<string, string> { ["Api:Auth:Tokens:0"] = "short" }));
        Assert.Contains("Api:Auth:Tokens:0", error.Message, StringComparison.Ordinal);
    }
}
