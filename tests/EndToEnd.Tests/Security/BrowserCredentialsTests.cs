using System.Buffers.Text;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// What a browser client needs of the API with keys configured: <c>GET /system/identity</c> says who a credential
/// is, and the live feed takes the credential as a WebSocket subprotocol (a browser cannot set headers there),
/// checked exactly as a header: a wrong, malformed or too-low credential is refused before the upgrade.
/// </summary>
public sealed class BrowserCredentialsTests(AuthenticatingSiloFixture fixture) : IClassFixture<AuthenticatingSiloFixture>
{
    private static string Protocol(string prefix, string secret) => prefix + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(secret));

    [Fact]
    public async Task TheIdentityRouteNamesTheCallerAndItsRoleAndRefusesAnUnknownOne()
    {
        foreach (var (key, name, role) in new[] { (ApiClient.ViewerKey, "viewer-bot", "viewer"), (ApiClient.OperatorKey, "operator-bot", "operator"), (ApiClient.AdminKey, "admin-bot", "admin") })
        {
            var identity = await ApiCall.SendAsync(fixture.Silo.Http, HttpMethod.Get, "/api/v1/system/identity", headers: ApiClient.Key(key));
            Assert.True(identity.Status == HttpStatusCode.OK, identity.ToString());
            Assert.Equal((name, role, true), (identity.Data.GetProperty("name").GetString(), identity.Data.GetProperty("role").GetString(), identity.Data.GetProperty("authenticated").GetBoolean()));
        }

        var anonymous = await ApiCall.SendAsync(fixture.Silo.Http, HttpMethod.Get, "/api/v1/system/identity");
        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHORIZED"), (anonymous.Status, anonymous.ErrorCode));
        var unknown = await ApiCall.SendAsync(fixture.Silo.Http, HttpMethod.Get, "/api/v1/system/identity", headers: ApiClient.Key("no-such-key-0123456789abcdef-0123456789"));
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.Status);
    }

    [Fact]
    public async Task TheFeedTakesAnApiKeyAsASubprotocolAndAnswersWithTheFeedProtocol()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("dtn.feed");
        socket.Options.AddSubProtocol(Protocol("dtn.api-key.", ApiClient.ViewerKey));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{fixture.Silo.HttpPort}/ws"), CancellationToken.None);

        Assert.Equal("dtn.feed", socket.SubProtocol);
        await socket.SendAsync("""{"action":"subscribe","twin_id":"sub-proto-1"}"""u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var buffer = new byte[4096];
        var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Contains("\"type\":\"subscribed\"", Encoding.UTF8.GetString(buffer, 0, received.Count), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("malformed")]
    [InlineData("none")]
    public async Task AFeedWhoseSubprotocolCarriesNoValidCredentialIsRefusedBeforeTheUpgrade(string credential)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.AddSubProtocol("dtn.feed");
        var offered = credential switch
        {
            "unknown" => Protocol("dtn.api-key.", "no-such-key-0123456789abcdef-0123456789"),
            "malformed" => "dtn.api-key.not!base64url",
            _ => null,
        };
        if (offered is not null)
        {
            socket.Options.AddSubProtocol(offered);
        }

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{fixture.Silo.HttpPort}/ws"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }
}
