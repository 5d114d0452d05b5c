using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// A browser logs in once with a key and then carries the session cookie: to the API with the key's role and no more,
/// to the Orleans Dashboard when the role is admin; never from another site's page, never renewed by itself, not after
/// logging out, and not when tampered with. Driven with <c>curl</c> and a cookie jar, as a browser holds it.
/// </summary>
public sealed class BrowserSessionTests(AuthenticatingSiloFixture fixture) : IClassFixture<AuthenticatingSiloFixture>, IDisposable
{
    private readonly string _jar = Path.Combine(Path.GetTempPath(), $"dtn-session-{Guid.NewGuid():N}.txt");

    private string Site => $"http://127.0.0.1:{fixture.Silo.HttpPort}";

    public void Dispose() => File.Delete(_jar);

    [Fact]
    public async Task AViewerSessionReadsButChangesNothingAndDoesNotOpenTheOrleansDashboard()
    {
        var login = await CurlAsync("-X", "POST", "-H", $"X-Api-Key: {ApiClient.ViewerKey}", "-c", _jar, $"{Site}/api/v1/session");
        Assert.Equal(200, login.Status);
        var session = login.Data();
        Assert.Equal("viewer-bot", session.GetProperty("name").GetString());
        Assert.Equal("viewer", session.GetProperty("role").GetString());
        var expires = session.GetProperty("expires_at").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(7.9), TimeSpan.FromHours(8));

        var cookie = Assert.Single(login.Headers, h => h.StartsWith("set-cookie: dtn_session=", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(200, (await CurlAsync("-b", _jar, $"{Site}/api/v1/twins")).Status);

        var id = DeviceTelemetryTests.NewId("session-viewer");
        var create = await CurlAsync("-b", _jar, "-X", "POST", "-H", $"Origin: {Site}", "-H", "Content-Type: application/json", "--data", $$"""{"id":"{{id}}","type":"sensor"}""", $"{Site}/api/v1/twins");
        Assert.Equal(403, create.Status);
        Assert.Equal("FORBIDDEN", create.ErrorCode());
        Assert.Equal(404, (await CurlAsync("-H", $"X-Api-Key: {ApiClient.AdminKey}", $"{Site}/api/v1/twins/{id}")).Status);
        Assert.Equal(403, (await CurlAsync("-b", _jar, $"{Site}/dashboard/")).Status);

        // Without the cookie the same browser is nobody.
        Assert.Equal(401, (await CurlAsync($"{Site}/api/v1/twins")).Status);
    }

    [Fact]
    public async Task TheIdentityRouteNamesTheCallerOfAKeyOrASessionAndRefusesAnUnknownOne()
    {
        foreach (var (key, name, role) in new[] { (ApiClient.ViewerKey, "viewer-bot", "viewer"), (ApiClient.OperatorKey, "operator-bot", "operator"), (ApiClient.AdminKey, "admin-bot", "admin") })
        {
            var identity = await CurlAsync("-H", $"X-Api-Key: {key}", $"{Site}/api/v1/system/identity");
            Assert.Equal(200, identity.Status);
            Assert.Equal((name, role, true), (identity.Data().GetProperty("name").GetString(), identity.Data().GetProperty("role").GetString(), identity.Data().GetProperty("authenticated").GetBoolean()));
        }

        await LoginAsync(ApiClient.OperatorKey);
        Assert.Equal("operator-bot", (await CurlAsync("-b", _jar, $"{Site}/api/v1/system/identity")).Data().GetProperty("name").GetString());

        Assert.Equal(401, (await CurlAsync($"{Site}/api/v1/system/identity")).Status);
        Assert.Equal(401, (await CurlAsync("-H", "X-Api-Key: no-such-key-0123456789abcdef-0123456789", $"{Site}/api/v1/system/identity")).Status);
    }

    [Fact]
    public async Task APersonOpeningTheOrleansDashboardWithoutASessionIsSentToTheLoginItsDataRequestsAreRefused()
    {
        var page = await CurlAsync("-H", "Accept: text/html,application/xhtml+xml", $"{Site}/dashboard/");
        Assert.Equal(302, page.Status);
        Assert.Contains("location: /?next=%2Fdashboard%2F#/login", page.Headers);

        Assert.Equal(401, (await CurlAsync("-H", "Accept: application/json", $"{Site}/dashboard/ClusterStats")).Status);
        Assert.Equal(401, (await CurlAsync("-X", "POST", "-H", "Accept: text/html", $"{Site}/api/v1/twins")).Status);
    }

    [Fact]
    public async Task AnAdminSessionOpensTheOrleansDashboardAndChangesThingsFromTheSitesOwnPages()
    {
        await LoginAsync(ApiClient.AdminKey);

        var dashboard = await CurlAsync("-b", _jar, $"{Site}/dashboard/");
        Assert.Equal(200, dashboard.Status);
        Assert.Contains("<html", dashboard.Body, StringComparison.OrdinalIgnoreCase);

        var id = DeviceTelemetryTests.NewId("session-admin");
        var create = await CurlAsync("-b", _jar, "-X", "POST", "-H", $"Origin: {Site}", "-H", "Content-Type: application/json", "--data", $$"""{"id":"{{id}}","type":"sensor"}""", $"{Site}/api/v1/twins");
        Assert.Equal(201, create.Status);
    }

    [Fact]
    public async Task ARequestFromAnotherSitesPageWithTheSessionCookieIsRefusedAndChangesNothing()
    {
        await LoginAsync(ApiClient.AdminKey);
        var id = DeviceTelemetryTests.NewId("session-csrf");

        foreach (var origin in new[] { "http://evil.example", "null", $"http://127.0.0.1:{fixture.Silo.HttpPort + 1}" })
        {
            var forged = await CurlAsync("-b", _jar, "-X", "POST", "-H", $"Origin: {origin}", "-H", "Content-Type: application/json", "--data", $$"""{"id":"{{id}}","type":"sensor"}""", $"{Site}/api/v1/twins");
            Assert.Equal(403, forged.Status);
            Assert.Equal("CROSS_ORIGIN_REFUSED", forged.ErrorCode());
        }

        // A feed opened from another site's page would read every twin's events with the victim's session.
        var handshake = await CurlAsync(
            "-b", _jar, "-H", "Origin: http://evil.example", "-H", "Connection: Upgrade", "-H", "Upgrade: websocket",
            "-H", "Sec-WebSocket-Version: 13", "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", $"{Site}/ws");
        Assert.Equal(403, handshake.Status);

        Assert.Equal(404, (await CurlAsync("-H", $"X-Api-Key: {ApiClient.AdminKey}", $"{Site}/api/v1/twins/{id}")).Status);
    }

    [Fact]
    public async Task ASessionDoesNotRenewItselfAndEndsWhenTheBrowserLogsOut()
    {
        await LoginAsync(ApiClient.OperatorKey);

        var renewal = await CurlAsync("-b", _jar, "-c", _jar, "-X", "POST", "-H", $"Origin: {Site}", $"{Site}/api/v1/session");
        Assert.Equal(400, renewal.Status);
        Assert.Equal("CREDENTIAL_REQUIRED", renewal.ErrorCode());

        var logout = await CurlAsync("-b", _jar, "-c", _jar, "-X", "DELETE", "-H", $"Origin: {Site}", $"{Site}/api/v1/session");
        Assert.Equal(204, logout.Status);
        Assert.Contains(logout.Headers, h => h.StartsWith("set-cookie: dtn_session=;", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(401, (await CurlAsync("-b", _jar, $"{Site}/api/v1/twins")).Status);
    }

    [Fact]
    public async Task ATamperedSessionCookieIsRefused()
    {
        await LoginAsync(ApiClient.AdminKey);
        var lines = await File.ReadAllLinesAsync(_jar);
        var at = Array.FindIndex(lines, l => l.Contains("\tdtn_session\t", StringComparison.Ordinal));
        var fields = lines[at].Split('\t');

        // One character of the sealed ticket changed: the cookie no longer opens.
        var value = fields[^1].ToCharArray();
        value[value.Length / 2] = value[value.Length / 2] == 'A' ? 'B' : 'A';
        fields[^1] = new string(value);
        lines[at] = string.Join('\t', fields);
        await File.WriteAllLinesAsync(_jar, lines);

        var refused = await CurlAsync("-b", _jar, $"{Site}/api/v1/twins");
        Assert.Equal(401, refused.Status);
        Assert.Equal(401, (await CurlAsync("-H", "Cookie: dtn_session=forged", $"{Site}/api/v1/twins")).Status);
    }

    private async Task LoginAsync(string key)
    {
        var login = await CurlAsync("-X", "POST", "-H", $"X-Api-Key: {key}", "-c", _jar, $"{Site}/api/v1/session");
        Assert.True(login.Status == 200, login.ToString());
    }

    /// <summary>Runs curl with the response's head and body on standard output, as <c>-i</c> prints them.</summary>
    private static async Task<CurlResponse> CurlAsync(params string[] args)
    {
        var (exit, output) = await ExternalTool.RunAsync("curl", ["-sS", "-i", "--max-time", "10", .. args], input: null, TimeSpan.FromSeconds(20));
        Assert.True(exit == 0, output);
        return CurlResponse.Parse(output);
    }
}
