using System.Net;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>The API's edge on the real silo: the per-client rate limit, security headers on every response, CORS off unless configured.</summary>
public sealed class ApiEdgeTests
{
    [Fact]
    public async Task AClientOverItsLimitGets429WithTheEnvelopeAndRetryAfterAndOthersAreNotHeldBack()
    {
        var settings = ApiClient.KeySettings();
        settings["Api:RateLimit:PermitLimit"] = "5";
        settings["Api:RateLimit:Window"] = "00:05:00";
        await using var silo = await SiloProcess.StartAsync(settings);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/twins", headers: ApiClient.Key(ApiClient.ViewerKey))).Status);
        }

        using var over = new HttpRequestMessage(HttpMethod.Get, "/api/v1/twins") { Headers = { { "X-Api-Key", ApiClient.ViewerKey } } };
        using var throttled = await silo.Http.SendAsync(over);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.InRange(throttled.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 300);
        Assert.Contains("\"code\":\"THROTTLED\"", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Another key is another client; callers without a valid credential share their address's allowance, so
        // guessing keys is throttled too (the health polls of the start-up spent some of it already).
        Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/twins", headers: ApiClient.Key(ApiClient.OperatorKey))).Status);
        var guesses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            guesses.Add((await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/twins", headers: ApiClient.Key($"guess-{i}-0123456789abcdef0123456789"))).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, guesses[^1]);
        Assert.All(guesses, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, $"{s}"));

        var api = (await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/system/metrics", headers: ApiClient.Key(ApiClient.AdminKey))).Data.GetProperty("api");
        Assert.Equal(1 + guesses.Count(s => s == HttpStatusCode.TooManyRequests), api.GetProperty("throttled").GetInt64());
        Assert.Equal(guesses.Count(s => s == HttpStatusCode.Unauthorized), api.GetProperty("unauthenticated").GetInt64());
    }

    [Fact]
    public async Task EveryResponseCarriesTheSecurityHeadersAndNoCorsUnlessConfigured()
    {
        await using var silo = await SiloProcess.StartAsync();

        foreach (var path in new[] { "/api/v1/twins", "/api/v1/twins/no-such-twin", "/no/such/route", "/api/v1/system/health", "/openapi/v1.json", "/docs/index.html", "/dashboard/" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "Origin", "https://evil.example" } } };
            using var response = await silo.Http.SendAsync(request);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
            Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), path);
        }
    }

    [Fact]
    public async Task AConfiguredOriginAndOnlyItMayCallFromABrowser()
    {
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["Api:Cors:AllowedOrigins:0"] = "https://ops.example.com" });

        foreach (var (origin, allowed) in new[] { ("https://ops.example.com", true), ("https://evil.example", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/twins")
            {
                Headers = { { "Origin", origin }, { "Access-Control-Request-Method", "POST" }, { "Access-Control-Request-Headers", "x-api-key,content-type" } },
            };
            using var response = await silo.Http.SendAsync(preflight);
            Assert.Equal(allowed ? origin : null, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null);
        }
    }

    [Fact]
    public async Task AWildcardOriginStopsTheSiloNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(new Dictionary<string, string> { ["Api:Cors:AllowedOrigins:0"] = "*" }));
        Assert.Contains("Api:Cors:AllowedOrigins:0 must be an origin like https://ops.example.com", error.Message, StringComparison.Ordinal);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(',', values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(',', content)
        : "";
}
