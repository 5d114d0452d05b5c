using System.Net;
using System.Text;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// The cross-access matrix of the broker, against the real silo with independent clients (mosquitto's, and raw packets
/// to read the exact reason codes): each attempt to reach another device's topics, to read the platform's, to connect
/// with a wrong or revoked secret, to leave a will on another's topic, or to publish outside a probe's range is refused
/// with its reason, counted, and changes no twin.
/// </summary>
public sealed class BrokerAccessTests(BrokerAccessFixture fixture) : IClassFixture<BrokerAccessFixture>
{
    private const int NotAuthorized = 0x87;
    private const int BadUserNameOrPassword = 0x86;
    private const int Publish = 3;

    /// <summary>MQTTnet acknowledges a publish nobody subscribes to with No matching subscribers (0x10), a success.</summary>
    private const int NoMatchingSubscribers = 0x10;

    private readonly SiloProcess _silo = fixture.Silo;

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public async Task ADevicePublishingAsAnotherIsRefusedAndTheOtherTwinIsUnchanged(int level)
    {
        var (a, b) = (NewId("pub-a"), NewId("pub-b"));
        var (_, secretA) = await fixture.IssueAsync(a);
        await CreateTwinAsync(b);
        var before = await TwinAsync(b);
        var refusedBefore = (await fixture.SecurityCountsAsync()).GetProperty("publishes_refused").GetInt64();
        await using var connection = await fixture.ConnectAcceptedAsync(a, a, secretA, level);

        var reasons = new List<int>();
        ushort packetId = 1;
        foreach (var channel in new[] { "telemetry", "state", "status", "ack", "network" })
        {
            await connection.SendAsync(RawMqttConnection.Publish($"device/{b}/{channel}", """{"temperature":99}""", qos: 1, packetId, level));
            reasons.Add(MqttAuthPackets.PubAckReason(await ReadAsync(connection, MqttFrame.PubAck)));
            packetId++;
        }

        // MQTT 3.1.1 has no reason code in a PUBACK: MQTTnet acknowledges, and nothing is applied.
        Assert.All(reasons, reason => Assert.Equal(level == 5 ? NotAuthorized : 0, reason));
        await connection.SendAsync(RawMqttConnection.Publish($"device/{a}/telemetry", """{"temperature":21}""", qos: 1, packetId, level));
        Assert.Equal(level == 5 ? NoMatchingSubscribers : 0, MqttAuthPackets.PubAckReason(await ReadAsync(connection, MqttFrame.PubAck)));
        await _silo.TwinWhenAsync(a, twin => twin.GetProperty("state").TryGetProperty("temperature", out _), what: "A's own telemetry applied");
        Assert.Equal(before.ToString(), (await TwinAsync(b)).ToString());
        Assert.Equal(refusedBefore + 5, (await fixture.SecurityCountsAsync()).GetProperty("publishes_refused").GetInt64());
    }

    [Fact]
    public async Task MosquittoPublishingAsAnotherDeviceIsToldNotAuthorized()
    {
        var (a, b) = (NewId("mpub-a"), NewId("mpub-b"));
        var (_, secretA) = await fixture.IssueAsync(a);
        await CreateTwinAsync(b);
        var before = await TwinAsync(b);

        var (_, output) = await fixture.Mqtt.RunAsync("mosquitto_pub", "-V", "mqttv5", "-u", a, "-P", secretA, "-i", a, "-q", "1", "-t", $"device/{b}/telemetry", "-m", """{"temperature":99}""");

        Assert.Contains("Not authorized", output, StringComparison.Ordinal);
        Assert.Equal(before.ToString(), (await TwinAsync(b)).ToString());
    }

    public static TheoryData<int, string> ForeignFilters()
    {
        var data = new TheoryData<int, string>();
        foreach (var level in new[] { 4, 5 })
        {
            foreach (var filter in new[] { "device/{b}/command", "device/{b}/desired", "#", "twin/#", "system/#", "device/+/command", "device/{a}/#", "device/{a}/telemetry" })
            {
                data.Add(level, filter);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ForeignFilters))]
    public async Task ADeviceSubscribingBeyondItsOwnTopicsIsRefusedAndReceivesNothingOfThem(int level, string pattern)
    {
        var (a, b) = (NewId("sub-a"), NewId("sub-b"));
        var (_, secretA) = await fixture.IssueAsync(a);
        await CreateTwinAsync(b);
        await CreateTwinAsync(a);
        var refusedBefore = (await fixture.SecurityCountsAsync()).GetProperty("subscriptions_refused").GetInt64();
        await using var connection = await fixture.ConnectAcceptedAsync(a, a, secretA, level);

        await connection.SendAsync(MqttAuthPackets.Subscribe(pattern.Replace("{a}", a).Replace("{b}", b), 1, level));
        var refused = MqttAuthPackets.SubAckReason(await ReadAsync(connection, MqttAuthPackets.SubAck), level);
        await connection.SendAsync(MqttAuthPackets.Subscribe($"device/{a}/desired", 2, level));
        var own = MqttAuthPackets.SubAckReason(await ReadAsync(connection, MqttAuthPackets.SubAck), level);

        Assert.Equal(level == 5 ? NotAuthorized : 0x80, refused);
        Assert.Equal(1, own);

        // B's desired document goes out first, then A's: A receives its own and, before it, nothing of B's.
        Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Put, $"/api/v1/twins/{b}/desired", """{"mode":"b"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Put, $"/api/v1/twins/{a}/desired", """{"mode":"a"}""")).Status);
        var topics = new List<string>();
        while (!topics.Contains($"device/{a}/desired"))
        {
            topics.Add(TopicOf(await ReadAsync(connection, Publish)));
        }

        Assert.Equal([$"device/{a}/desired"], topics);
        Assert.Equal(refusedBefore + 1, (await fixture.SecurityCountsAsync()).GetProperty("subscriptions_refused").GetInt64());
    }

    [Fact]
    public async Task MosquittoSubscribingToEverythingAsADeviceIsDenied()
    {
        var a = NewId("msub-a");
        var (_, secretA) = await fixture.IssueAsync(a);

        foreach (var filter in new[] { "#", "twin/#", $"device/{NewId("msub-b")}/command" })
        {
            var (_, output) = await fixture.Mqtt.RunAsync("mosquitto_sub", "-V", "mqttv5", "-u", a, "-P", secretA, "-i", a, "-t", filter, "-W", "10");
            Assert.Contains("All subscription requests were denied.", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(5, BadUserNameOrPassword)]
    public async Task AWrongPasswordAnotherDevicesSecretOrNoCredentialIsRefused(int level, int expected)
    {
        var (a, b) = (NewId("pw-a"), NewId("pw-b"));
        var (_, secretA) = await fixture.IssueAsync(a);
        await fixture.IssueAsync(b);
        var refusedBefore = await fixture.RefusedConnectionsAsync("bad_credentials");

        var reasons = new List<int>();
        foreach (var (user, password) in new (string?, string?)[] { (a, secretA + "x"), (b, secretA), (NewId("pw-none"), secretA), (null, null), ($"Not A Device {Guid.NewGuid():N}", secretA) })
        {
            var (connection, reason) = await fixture.ConnectAsync(user ?? NewId("anon"), user, password, level);
            await using (connection)
            {
                reasons.Add(reason);
                Assert.Null(await connection.ReadAsync());
            }
        }

        Assert.All(reasons, reason => Assert.Equal(expected, reason));
        Assert.Equal(refusedBefore + 5, await fixture.RefusedConnectionsAsync("bad_credentials"));
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{a}")).Status);
    }

    [Fact]
    public async Task MosquittoWithAWrongPasswordOrNoneIsRefused()
    {
        var a = NewId("mpw-a");
        var (_, secretA) = await fixture.IssueAsync(a);

        var (wrongExit, wrong) = await fixture.Mqtt.RunAsync("mosquitto_pub", "-u", a, "-P", secretA[..^1], "-i", a, "-t", $"device/{a}/telemetry", "-m", "{}");
        var (anonymousExit, anonymous) = await fixture.Mqtt.RunAsync("mosquitto_pub", "-i", a, "-t", $"device/{a}/telemetry", "-m", "{}");

        Assert.NotEqual(0, wrongExit);
        Assert.Contains("bad user name or password", wrong, StringComparison.Ordinal);
        Assert.NotEqual(0, anonymousExit);
        Assert.Contains("bad user name or password", anonymous, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{a}")).Status);
    }

    [Fact]
    public async Task RepeatedFailuresBackTheDeviceOffEvenWithTheRightSecret()
    {
        var a = NewId("guess");
        var (_, secret) = await fixture.IssueAsync(a);
        var (first, firstReason) = await fixture.ConnectAsync(a, a, "guess-1", level: 5);
        await first.DisposeAsync();

        var (second, secondReason) = await fixture.ConnectAsync(a, a, secret, level: 5);
        await second.DisposeAsync();

        Assert.Equal(BadUserNameOrPassword, firstReason);
        Assert.Equal(0x9F, secondReason);
        Assert.True(await fixture.RefusedConnectionsAsync("backed_off") >= 1);
        var accepted = await Eventually.GetAsync(
            async () =>
            {
                var (connection, reason) = await fixture.ConnectAsync(a, a, secret, level: 5);
                await connection.DisposeAsync();
                return reason;
            },
            reason => reason == 0,
            what: "the right secret accepted once the back-off has passed");
        Assert.Equal(0, accepted);
    }

    [Fact]
    public async Task ARevokedCredentialIsRefusedAndItsOpenConnectionClosed()
    {
        var c = NewId("revoked");
        var (id, secret) = await fixture.IssueAsync(c);
        await using var open = await fixture.ConnectAcceptedAsync(c, c, secret, level: 5);

        Assert.Equal(HttpStatusCode.NoContent, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Delete, $"/api/v1/twins/{c}/credentials/{id}")).Status);

        await AssertCutAsNotAuthorizedAsync(open);
        var (again, reason) = await fixture.ConnectAsync(c, c, secret, level: 5);
        await again.DisposeAsync();
        Assert.Equal(BadUserNameOrPassword, reason);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Delete, $"/api/v1/twins/{c}/credentials/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{c}")).Status);
    }

    [Fact]
    public async Task DeletingATwinRevokesItsDevicesCredentialsAndTheDeviceCannotRecreateIt()
    {
        var d = NewId("deleted");
        var (_, secret) = await fixture.IssueAsync(d);
        var (firstExit, firstOutput) = await fixture.Mqtt.RunAsync(
            "mosquitto_pub", "-u", d, "-P", secret, "-i", d, "-q", "1", "-t", $"device/{d}/telemetry", "-m", """{"temperature":21.5}""");
        Assert.True(firstExit == 0, firstOutput);
        await Eventually.GetAsync(
            async () => (await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{d}")).Status,
            status => status == HttpStatusCode.OK,
            what: "the twin discovered from the device's first message");
        await using var open = await fixture.ConnectAcceptedAsync(d, d, secret, level: 5);

        Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Delete, $"/api/v1/twins/{d}")).Status);

        await AssertCutAsNotAuthorizedAsync(open);
        await AssertPublishRefusedAsync(d, secret, """{"temperature":22}""");
        Assert.Equal(0, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{d}/credentials")).Data.GetProperty("credentials").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{d}")).Status);
        var audit = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, "/api/v1/audit?limit=1000");
        Assert.Contains(
            audit.Data.GetProperty("entries").EnumerateArray(),
            e => e.GetProperty("method").GetString() == "DELETE" && e.GetProperty("twin_id").GetString() == d && e.GetProperty("status").GetInt32() == 200);
    }

    [Fact]
    public async Task DecommissioningATwinRevokesItsDevicesCredentialsAndItsDeviceIsIssuedNoNewOne()
    {
        var d = NewId("decom");
        var (_, secret) = await fixture.IssueAsync(d);
        var created = await ApiCall.SendAsync(_silo.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{d}}","type":"smart_light"}""");
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        await using var open = await fixture.ConnectAcceptedAsync(d, d, secret, level: 5);

        var decommissioned = await ApiCall.SendAsync(_silo.Http, HttpMethod.Post, $"/api/v1/twins/{d}/decommission");

        Assert.True(decommissioned.Status == HttpStatusCode.OK, decommissioned.ToString());
        await AssertCutAsNotAuthorizedAsync(open);
        await AssertPublishRefusedAsync(d, secret, """{"brightness":5}""");
        var reissued = await ApiCall.SendAsync(_silo.Http, HttpMethod.Post, $"/api/v1/twins/{d}/credentials");
        Assert.Equal(HttpStatusCode.Conflict, reissued.Status);
        Assert.Equal("TWIN_DECOMMISSIONED", reissued.ErrorCode);
        Assert.Equal(0, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{d}/credentials")).Data.GetProperty("credentials").GetArrayLength());
        Assert.Equal("decommissioned", (await _silo.GetDataAsync($"/api/v1/twins/{d}")).GetProperty("lifecycle").GetString());
    }

    [Fact]
    public async Task ADeletedDecommissionedTwinsDeviceMayBeIssuedACredentialAgain()
    {
        var d = NewId("redo");
        Assert.Equal(HttpStatusCode.Created, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{d}}","type":"smart_light"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Post, $"/api/v1/twins/{d}/decommission")).Status);
        Assert.Equal(HttpStatusCode.OK, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Delete, $"/api/v1/twins/{d}")).Status);

        var (_, secret) = await fixture.IssueAsync(d);

        var (exit, output) = await fixture.Mqtt.RunAsync(
            "mosquitto_pub", "-u", d, "-P", secret, "-i", d, "-q", "1", "-t", $"device/{d}/telemetry", "-m", """{"brightness":5}""");
        Assert.True(exit == 0, output);
    }

    [Fact]
    public async Task BothCredentialsAreValidDuringARotationAndTheOldStopsWhenRevoked()
    {
        var d = NewId("rotate");
        var (oldId, oldSecret) = await fixture.IssueAsync(d);
        var (newId, newSecret) = await fixture.IssueAsync(d);

        var third = await ApiCall.SendAsync(_silo.Http, HttpMethod.Post, $"/api/v1/twins/{d}/credentials");
        var listed = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{d}/credentials");
        await (await fixture.ConnectAcceptedAsync(d, d, oldSecret, level: 5)).DisposeAsync();
        await (await fixture.ConnectAcceptedAsync(d, d, newSecret, level: 4)).DisposeAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Delete, $"/api/v1/twins/{d}/credentials/{oldId}")).Status);
        await (await fixture.ConnectAcceptedAsync(d, d, newSecret, level: 5)).DisposeAsync();
        var (old, oldReason) = await fixture.ConnectAsync(d, d, oldSecret, level: 5);
        await old.DisposeAsync();

        Assert.Equal(HttpStatusCode.Conflict, third.Status);
        Assert.Equal("CREDENTIAL_LIMIT_REACHED", third.ErrorCode);
        var credentials = listed.Data.GetProperty("credentials").EnumerateArray().ToList();
        Assert.Equal([oldId, newId], credentials.Select(c => c.GetProperty("id").GetString()));
        Assert.DoesNotContain(oldSecret, listed.Body.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(newSecret, listed.Body.ToString(), StringComparison.Ordinal);
        Assert.All(credentials, c => Assert.False(c.TryGetProperty("secret", out _)));
        Assert.Equal(BadUserNameOrPassword, oldReason);

        // The broker records a use without making the device wait for it.
        var remaining = await Eventually.GetAsync(
            async () => (await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{d}/credentials")).Data.GetProperty("credentials").Clone(),
            list => list.GetArrayLength() == 1 && list[0].GetProperty("last_used_at").ValueKind == System.Text.Json.JsonValueKind.String,
            what: "the remaining credential with its last use");
        Assert.Equal(newId, remaining[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task ADeviceCannotResumeAnotherDevicesSession()
    {
        var (a, b) = (NewId("hijack-a"), NewId("hijack-b"));
        var (_, secretA) = await fixture.IssueAsync(a);
        var (_, secretB) = await fixture.IssueAsync(b);
        await using (var owner = await RawMqttConnection.OpenAsync(_silo.MqttPort))
        {
            await owner.SendAsync(MqttAuthPackets.Connect(b, b, secretB, level: 4, cleanSession: false));
            Assert.Equal(0, MqttAuthPackets.ConnAckReason((await owner.ReadAsync())!));
            await owner.SendAsync(MqttAuthPackets.Subscribe($"device/{b}/command", 1, level: 4));
            Assert.Equal(1, MqttAuthPackets.SubAckReason(await ReadAsync(owner, MqttAuthPackets.SubAck), 4));
            await owner.SendAsync(RawMqttConnection.Disconnect());
        }

        // B's session, with its subscription to B's commands, outlives the connection; A asks to resume it.
        var hijack = await RawMqttConnection.OpenAsync(_silo.MqttPort);
        await using (hijack)
        {
            await hijack.SendAsync(MqttAuthPackets.Connect(b, a, secretA, level: 4, cleanSession: false));
            Assert.Equal(5, MqttAuthPackets.ConnAckReason((await hijack.ReadAsync())!));
        }

        Assert.True(await fixture.RefusedConnectionsAsync("session_of_another") >= 1);
        var (resumed, reason) = await fixture.ConnectAsync(b, b, secretB, level: 4);
        await resumed.DisposeAsync();
        Assert.Equal(0, reason);
    }

    [Theory]
    [InlineData(4, 5)]
    [InlineData(5, NotAuthorized)]
    public async Task AWillOnAnotherDevicesTopicIsRefusedAtConnect(int level, int expected)
    {
        var (a, b) = (NewId("will-a"), NewId("will-b"));
        var (_, secretA) = await fixture.IssueAsync(a);
        var refusedBefore = await fixture.RefusedConnectionsAsync("will_not_allowed");

        var (foreign, foreignReason) = await fixture.ConnectAsync(a, a, secretA, level, willTopic: $"device/{b}/status");
        await foreign.DisposeAsync();
        var (own, ownReason) = await fixture.ConnectAsync(a, a, secretA, level, willTopic: $"device/{a}/status");
        await own.DisposeAsync();

        Assert.Equal(expected, foreignReason);
        Assert.Equal(0, ownReason);
        Assert.Equal(refusedBefore + 1, await fixture.RefusedConnectionsAsync("will_not_allowed"));
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{b}")).Status);
    }

    [Fact]
    public async Task AProbeAccountPublishesWindowsOnlyForItsRange()
    {
        await using var probe = await fixture.ConnectAcceptedAsync($"{BrokerAccessFixture.ProbeUser}-1", BrokerAccessFixture.ProbeUser, BrokerAccessFixture.AccountSecret, level: 5);
        var outside = new[] { "device/ip-10-0-1-5/network", "device/camera-other/network", "device/ip-10-0-0-6/telemetry", "device/camera-e2e/status" };

        var reasons = new List<int>();
        ushort packetId = 1;
        foreach (var topic in outside.Append("device/ip-10-0-0-5/network").Append("device/camera-e2e/network"))
        {
            await probe.SendAsync(RawMqttConnection.Publish(topic, "{}", qos: 1, packetId++, level: 5));
            reasons.Add(MqttAuthPackets.PubAckReason(await ReadAsync(probe, MqttFrame.PubAck)));
        }

        Assert.All(reasons.Take(outside.Length), reason => Assert.Equal(NotAuthorized, reason));

        // Inside its range the ACL lets the window through, and the ingress judges the payload (an empty object is no window).
        Assert.All(reasons.Skip(outside.Length), reason => Assert.Equal(0x99, reason));
        foreach (var id in new[] { "ip-10-0-1-5", "camera-other", "ip-10-0-0-6", "ip-10-0-0-5" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{id}")).Status);
        }
    }

    [Fact]
    public async Task APlatformAccountReadsTwinUpdatesThatADeviceCannot()
    {
        var a = NewId("platform-a");
        var (_, secretA) = await fixture.IssueAsync(a);
        await using var platform = await fixture.ConnectAcceptedAsync($"{BrokerAccessFixture.PlatformUser}-{a}", BrokerAccessFixture.PlatformUser, BrokerAccessFixture.AccountSecret, level: 5);
        await platform.SendAsync(MqttAuthPackets.Subscribe($"twin/{a}/#", 1, level: 5));
        Assert.Equal(1, MqttAuthPackets.SubAckReason(await ReadAsync(platform, MqttAuthPackets.SubAck), 5));

        var (exitCode, _) = await fixture.Mqtt.RunAsync("mosquitto_pub", "-u", a, "-P", secretA, "-i", a, "-q", "1", "-t", $"device/{a}/telemetry", "-m", """{"temperature":21}""");

        Assert.Equal(0, exitCode);
        Assert.Equal($"twin/{a}/update", TopicOf(await ReadAsync(platform, Publish)));
    }

    [Fact]
    public async Task ADeviceOverItsMessageRateIsToldQuotaExceededAndCounted()
    {
        var a = NewId("rate");
        var (_, secret) = await fixture.IssueAsync(a);
        var limitedBefore = (await fixture.SecurityCountsAsync()).GetProperty("rate_limited").GetInt64();
        await using var connection = await fixture.ConnectAcceptedAsync(a, a, secret, level: 5);

        var count = BrokerAccessFixture.MessagesPerSecond * 4;
        for (ushort i = 1; i <= count; i++)
        {
            await connection.SendAsync(RawMqttConnection.Publish($"device/{a}/telemetry", $$"""{"n":{{i}}}""", qos: 1, i, level: 5));
        }

        var reasons = new List<int>();
        for (var i = 0; i < count; i++)
        {
            reasons.Add(MqttAuthPackets.PubAckReason(await ReadAsync(connection, MqttFrame.PubAck)));
        }

        Assert.Contains(0x97, reasons);
        Assert.All(reasons, reason => Assert.True(reason is NoMatchingSubscribers or 0x97, $"reason {reason}"));
        Assert.Equal(reasons.Take(BrokerAccessFixture.MessagesPerSecond), Enumerable.Repeat(NoMatchingSubscribers, BrokerAccessFixture.MessagesPerSecond));
        var limited = reasons.Count(r => r == 0x97);
        Assert.Equal(limitedBefore + limited, (await fixture.SecurityCountsAsync()).GetProperty("rate_limited").GetInt64());
        var accepted = reasons.Count(r => r == NoMatchingSubscribers);
        var twin = await _silo.TwinWhenAsync(a, t => t.GetProperty("messages").GetProperty("accepted").GetInt64() >= accepted, what: "the accepted messages applied");
        Assert.Equal(accepted, twin.GetProperty("messages").GetProperty("accepted").GetInt64());
    }

    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 64)];

    private async Task CreateTwinAsync(string id) =>
        Assert.Equal(HttpStatusCode.Created, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{id}}","type":"sensor"}""")).Status);

    private async Task<System.Text.Json.JsonElement> TwinAsync(string id) => await _silo.GetDataAsync($"/api/v1/twins/{id}");

    /// <summary>The next packet of <paramref name="type"/>, skipping others (a retained desired document, PINGs).</summary>
    private static async Task<MqttFrame> ReadAsync(RawMqttConnection connection, int type)
    {
        while (true)
        {
            var frame = await connection.ReadAsync() ?? throw new InvalidOperationException($"the connection closed before a packet of type {type}");
            if (frame.Type == type)
            {
                return frame;
            }
        }
    }

    /// <summary>The broker ends the device's open connection with DISCONNECT "not authorized".</summary>
    private static async Task AssertCutAsNotAuthorizedAsync(RawMqttConnection open)
    {
        var disconnect = await open.ReadAsync();
        Assert.Equal(MqttFrame.Disconnect, disconnect?.Type);
        Assert.Equal(NotAuthorized, disconnect!.Body[0]);
    }

    /// <summary>mosquitto_pub with the device's old secret is refused at CONNECT.</summary>
    private async Task AssertPublishRefusedAsync(string device, string secret, string payload)
    {
        var (exit, output) = await fixture.Mqtt.RunAsync(
            "mosquitto_pub", "-u", device, "-P", secret, "-i", device, "-q", "1", "-t", $"device/{device}/telemetry", "-m", payload);
        Assert.NotEqual(0, exit);
        Assert.Contains("bad user name or password", output, StringComparison.Ordinal);
    }

    private static string TopicOf(MqttFrame publish) => Encoding.UTF8.GetString(publish.Body, 2, (publish.Body[0] << 8) | publish.Body[1]);
}
