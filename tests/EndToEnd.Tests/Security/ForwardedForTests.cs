using System.Globalization;
using System.Net;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// <c>X-Forwarded-For</c> on the real silo, sent with <c>curl</c> as a client or a proxy would: ignored unless the TCP
/// peer is a configured trusted proxy, then taken as the caller's address by the audit log and the rate limit.
/// </summary>
public sealed class ForwardedForTests
{
    private const string Forwarded = "203.0.113.7";

    [Fact]
    public async Task WithoutTrustedProxiesTheHeaderChangesNeitherTheAuditedAddressNorTheRateLimit()
    {
        await using var silo = await SiloProcess.StartAsync(Settings(permitLimit: 40, proxy: null));

        Assert.Equal("201", await PostAsync(silo, Forwarded, ApiClient.AdminKey, "xff-ignored"));

        // Anonymous callers from one peer share its allowance whatever address they claim: a 429 comes within the limit
        // plus one (sooner when the start-up's health polls spent some of it); were the header believed, none would.
        var statuses = new List<string>();
        for (var i = 1; i <= 41 && !statuses.Contains("429"); i++)
        {
            statuses.Add(await PostAsync(silo, $"198.51.100.{i}"));
        }

        Assert.Equal("429", statuses[^1]);
        var audited = await AuditedPostsAsync(silo);
        Assert.Equal("127.0.0.1", audited.Single(e => e.TwinId == "xff-ignored").Address);
        Assert.All(audited.Where(e => e.Actor == "anonymous"), e => Assert.Equal("127.0.0.1", e.Address));
        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task FromATrustedProxyTheForwardedAddressIsAuditedAndLimitedOnItsOwn()
    {
        await using var silo = await SiloProcess.StartAsync(Settings(permitLimit: 2, proxy: "127.0.0.1"));

        Assert.Equal("201", await PostAsync(silo, Forwarded, ApiClient.AdminKey, "xff-trusted"));
        string[] first = [await PostAsync(silo, Forwarded), await PostAsync(silo, Forwarded), await PostAsync(silo, Forwarded)];
        var other = await PostAsync(silo, "198.51.100.9");

        Assert.Equal(["401", "401", "429"], first);
        Assert.Equal("401", other);
        // One read of the audit log: the admin key is a client of its own with the same allowance of 2.
        var audited = await AuditedPostsAsync(silo);
        Assert.Equal(Forwarded, audited.Single(e => e.TwinId == "xff-trusted").Address);
        Assert.Equal([Forwarded, Forwarded, "198.51.100.9"], audited.Where(e => e.Actor == "anonymous").Select(e => e.Address));
        Assert.DoesNotContain(audited, e => e.Status == 429);
        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task ThroughAChainOfTrustedProxiesTheFirstUntrustedAddressIsTheCallersAndOneTheClientWroteIsNeverReached()
    {
        // The TCP peer (127.0.0.1) is in a trusted network, the next hop a trusted proxy; the client claimed 198.51.100.66
        // itself, and the first proxy appended the address it saw (203.0.113.7).
        var settings = Settings(permitLimit: 0, proxy: "10.0.0.12");
        settings["Api:Proxies:KnownNetworks:0"] = "127.0.0.0/8";
        await using var silo = await SiloProcess.StartAsync(settings);

        Assert.Equal("201", await PostAsync(silo, $"198.51.100.66, {Forwarded}, 10.0.0.12", ApiClient.AdminKey, "xff-chain"));

        Assert.Equal(Forwarded, (await AuditedPostsAsync(silo)).Single(e => e.TwinId == "xff-chain").Address);
        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task AProxyThatIsNoAddressStopsTheSiloNamingTheKey()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(new Dictionary<string, string> { ["Api:Proxies:KnownProxies:0"] = "ingress.local" }));

        Assert.Contains("Api:Proxies:KnownProxies:0 must be an IP address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BehindATrustedProxyEndingTlsTheSessionCookieIsSecureAndAClientCannotClaimHttpsItself()
    {
        foreach (var (proxy, secure) in new[] { ("127.0.0.1", true), ((string?)null, false) })
        {
            await using var silo = await SiloProcess.StartAsync(Settings(permitLimit: 0, proxy));
            var (exit, output) = await ExternalTool.RunAsync(
                "curl", "-s", "-i", "-o", "-", "-X", "POST", "-H", "X-Forwarded-Proto: https", "-H", $"X-Forwarded-For: {Forwarded}",
                "-H", $"X-Api-Key: {ApiClient.ViewerKey}", $"http://127.0.0.1:{silo.HttpPort}/api/v1/session");
            Assert.True(exit == 0, output);
            var cookie = output.Split("\r\n").Single(l => l.StartsWith("set-cookie: dtn_session=", StringComparison.OrdinalIgnoreCase));
            Assert.True(secure == cookie.Contains("; secure", StringComparison.OrdinalIgnoreCase), $"proxy {proxy ?? "none"}: {cookie}");
        }
    }

    private static Dictionary<string, string> Settings(int permitLimit, string? proxy)
    {
        var settings = ApiClient.KeySettings();
        settings["Api:RateLimit:PermitLimit"] = permitLimit.ToString(CultureInfo.InvariantCulture);
        settings["Api:RateLimit:Window"] = "00:05:00";
        if (proxy is not null)
        {
            settings["Api:Proxies:KnownProxies:0"] = proxy;
        }

        return settings;
    }

    /// <summary>
    /// A POST creating a twin, claiming to come from <paramref name="forwardedFor"/>; with <paramref name="apiKey"/> it
    /// creates <paramref name="twinId"/>, without one it is refused (401). Either way audited. Returns the HTTP status.
    /// </summary>
    private static async Task<string> PostAsync(SiloProcess silo, string forwardedFor, string? apiKey = null, string twinId = "xff-anonymous")
    {
        var (exit, output) = await ExternalTool.RunAsync(
            "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H", $"X-Forwarded-For: {forwardedFor}",
            "-H", $"X-Api-Key: {apiKey ?? "none"}", "-H", "Content-Type: application/json", "-d", $$"""{"id":"{{twinId}}","type":"sensor"}""",
            $"http://127.0.0.1:{silo.HttpPort}/api/v1/twins");
        Assert.True(exit == 0, output);
        return output.Trim();
    }

    /// <summary>The audited POSTs to <c>/api/v1/twins</c>, oldest first: who, which twin, from which address, answered how.</summary>
    private static async Task<(string? Actor, string? TwinId, string? Address, int Status)[]> AuditedPostsAsync(SiloProcess silo)
    {
        var audit = await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/audit?limit=1000", headers: ApiClient.Key(ApiClient.AdminKey));
        Assert.Equal(HttpStatusCode.OK, audit.Status);
        return
        [
            .. audit.Data.GetProperty("entries").EnumerateArray()
                .Where(e => e.GetProperty("method").GetString() == "POST")
                .Reverse()
                .Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("twin_id").GetString(), e.GetProperty("remote_address").GetString(), e.GetProperty("status").GetInt32())),
        ];
    }
}
