using System.Net;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Detection;

/// <summary>
/// Malformed alert ids, unknown twins and alerts, bad filters, wrong types, oversized limits and hostile strings on
/// every alert and detection route: a clear error in the envelope, and no twin or alert comes of it.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class BadAlertInputTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;

    public static TheoryData<string, string, HttpStatusCode, string> BadRequests => new()
    {
        { "GET", "/api/v1/alerts?limit=0", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?limit=1001", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?limit=99999999999", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?limit=ten", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?severity=fatal", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?severity=1", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?status=open", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?acknowledged=maybe", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?type=PortScan", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?type=%3Cscript%3Ealert(1)%3C%2Fscript%3E", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?twin_id=Bad_Id", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?twin_id=x%27%20OR%201%3D1--", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?from=yesterday", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?cursor=not-a-cursor", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?severity=warning&severity=critical", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts?sevrity=warning", HttpStatusCode.BadRequest, "UNKNOWN_PARAMETER" },
        { "GET", "/api/v1/alerts/no-number", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts/sensor-1:0", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts/sensor-1:-1", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts/sensor-1:+1", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts/sensor-1:1.5", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts/sensor-1:99999999999999999999", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts/Sensor_1:1", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts/:1", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts/..%2F..%2Fetc%2Fpasswd:1", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts/ghost-alert-twin:1", HttpStatusCode.NotFound, "ALERT_NOT_FOUND" },
        { "GET", "/api/v1/alerts/ghost-alert-twin:1?verbose=true", HttpStatusCode.BadRequest, "UNKNOWN_PARAMETER" },
        { "POST", "/api/v1/alerts/ghost-alert-twin:1/ack", HttpStatusCode.NotFound, "TWIN_NOT_FOUND" },
        { "POST", "/api/v1/alerts/ghost-alert-twin:1/clear", HttpStatusCode.NotFound, "TWIN_NOT_FOUND" },
        { "POST", "/api/v1/alerts/ghost-alert-twin/ack", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "POST", "/api/v1/alerts/ghost-alert-twin:x/clear", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/alerts/ghost-alert-twin:1/ack", HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED" },
        { "DELETE", "/api/v1/alerts/ghost-alert-twin:1", HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED" },
        { "GET", "/api/v1/twins/ghost-alert-twin/alerts", HttpStatusCode.NotFound, "TWIN_NOT_FOUND" },
        { "GET", "/api/v1/twins/ghost-alert-twin/baseline", HttpStatusCode.NotFound, "TWIN_NOT_FOUND" },
        { "GET", "/api/v1/twins/Ghost_Twin/alerts", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/twins/Ghost_Twin/baseline", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/twins/ghost-alert-twin/alerts?status=gone", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/twins/ghost-alert-twin/alerts?type=port-scan", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/twins/ghost-alert-twin/alerts?limit=5000", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/twins/ghost-alert-twin/baseline?window=1", HttpStatusCode.BadRequest, "UNKNOWN_PARAMETER" },
        { "GET", "/api/v1/events?severity=fatal", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/events?alert_type=port-scan", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
        { "GET", "/api/v1/twins/ghost-alert-twin/events?severity=CRITICAL%00", HttpStatusCode.BadRequest, "VALIDATION_ERROR" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ABadAlertRequestIsRefusedInTheEnvelopeAndChangesNothing(string method, string path, HttpStatusCode status, string code)
    {
        var call = await ApiCall.SendAsync(_silo.Http, new HttpMethod(method), path);

        Assert.True(call.Status == status, $"{method} {path}: {call}");
        Assert.Equal(code, call.ErrorCode);
        Assert.Equal("error", call.Body.GetProperty("status").GetString());
        var message = call.Body.GetProperty("error").GetProperty("message").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        Assert.True(message.Length < 600, message);

        // No twin was discovered by asking, and the index holds nothing of it.
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, "/api/v1/twins/ghost-alert-twin")).Status);
        var index = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, "/api/v1/alerts?twin_id=ghost-alert-twin");
        Assert.Equal(0, index.Data.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task AWebSocketSubscriptionWithABadAlertFilterGetsAnErrorFrameAndTheConnectionStays()
    {
        await using var feed = await FeedSocket.ConnectAsync(_silo);

        foreach (var (frame, code) in new[]
        {
            ("""{"action":"subscribe","severity":"fatal"}""", "INVALID_SEVERITY"),
            ("""{"action":"subscribe","severity":2}""", "INVALID_SEVERITY"),
            ("""{"action":"subscribe","alert_type":"port-scan"}""", "INVALID_ALERT_TYPE"),
            ("""{"action":"subscribe","alert_type":["port_scan"]}""", "INVALID_ALERT_TYPE"),
        })
        {
            await feed.SendAsync(frame);
            var error = await feed.NextAsync(f => f.GetProperty("type").GetString() == "error");
            Assert.Equal(code, error.GetProperty("code").GetString());
        }

        await feed.SendAsync("""{"action":"subscribe","severity":"critical","alert_type":"port_scan"}""");
        var confirmed = await feed.NextAsync(f => f.GetProperty("type").GetString() == "subscribed");
        Assert.Equal(("critical", "port_scan", 1), (
            confirmed.GetProperty("filter").GetProperty("severity").GetString(), confirmed.GetProperty("filter").GetProperty("alert_type").GetString(),
            confirmed.GetProperty("subscriptions").GetInt32()));
    }
}
