using System.Net;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// A silo with broker authentication on (development mode, so client ids are free): a platform account, a probe account
/// for 10.0.0.0/24 and <c>camera-e2e</c>, devices limited to <see cref="MessagesPerSecond"/>, and the address back-off
/// out of the way (every test connects from 127.0.0.1).
/// </summary>
public sealed class BrokerAccessFixture : IAsyncLifetime
{
    public const string PlatformUser = "tools";
    public const string ProbeUser = "net-probe";
    public const string AccountSecret = "an-account-secret-for-the-e2e-tests-0123456789";
    public const int MessagesPerSecond = 5;

    public SiloProcess Silo { get; private set; } = null!;

    public Mosquitto Mqtt { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var hash = await HashSecretProgram.HashAsync(AccountSecret);
        Silo = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["Twins:DirectoryUpdateInterval"] = "00:00:00.100",
            ["Mqtt:Auth:Enabled"] = "true",
            ["Mqtt:Auth:AddressFailureThreshold"] = "100000",
            ["Mqtt:Auth:Accounts:0:Username"] = PlatformUser,
            ["Mqtt:Auth:Accounts:0:Role"] = "platform",
            ["Mqtt:Auth:Accounts:0:SecretHash"] = hash,
            ["Mqtt:Auth:Accounts:1:Username"] = ProbeUser,
            ["Mqtt:Auth:Accounts:1:Role"] = "probe",
            ["Mqtt:Auth:Accounts:1:SecretHash"] = hash,
            ["Mqtt:Auth:Accounts:1:Subnets:0"] = "10.0.0.0/24",
            ["Mqtt:Auth:Accounts:1:DeviceIds:0"] = "camera-e2e",
            ["Mqtt:DeviceLimits:MessagesPerSecond"] = MessagesPerSecond.ToString(),
        });
        Mqtt = new Mosquitto(Silo.MqttPort);
    }

    /// <summary>Issues a credential through the API; returns its id and the secret.</summary>
    public async Task<(string Id, string Secret)> IssueAsync(string deviceId)
    {
        var issued = await ApiCall.SendAsync(Silo.Http, HttpMethod.Post, $"/api/v1/twins/{deviceId}/credentials");
        Assert.Equal(HttpStatusCode.Created, issued.Status);
        return (issued.Data.GetProperty("id").GetString()!, issued.Data.GetProperty("secret").GetString()!);
    }

    /// <summary>Connects over a raw connection and returns it with the CONNACK's reason code (the connection is closed when refused).</summary>
    public async Task<(RawMqttConnection Connection, int Reason)> ConnectAsync(string clientId, string? username, string? password, int level, string? willTopic = null)
    {
        var connection = await RawMqttConnection.OpenAsync(Silo.MqttPort);
        await connection.SendAsync(MqttAuthPackets.Connect(clientId, username, password, level, willTopic));
        var connAck = await connection.ReadAsync();
        Assert.Equal(MqttFrame.ConnAck, connAck?.Type);
        return (connection, MqttAuthPackets.ConnAckReason(connAck!));
    }

    /// <summary>Connects and asserts the broker accepted.</summary>
    public async Task<RawMqttConnection> ConnectAcceptedAsync(string clientId, string username, string password, int level)
    {
        var (connection, reason) = await ConnectAsync(clientId, username, password, level);
        Assert.Equal(0, reason);
        return connection;
    }

    /// <summary>The silo's <c>broker_security</c> counters.</summary>
    public async Task<System.Text.Json.JsonElement> SecurityCountsAsync() =>
        (await Silo.GetDataAsync("/api/v1/system/metrics")).GetProperty("broker_security");

    public async Task<long> RefusedConnectionsAsync(string reason) =>
        (await SecurityCountsAsync()).GetProperty("connections_refused_by_reason").TryGetProperty(reason, out var count) ? count.GetInt64() : 0;

    public async Task DisposeAsync()
    {
        var errors = Silo.LoggedErrors();
        await Silo.DisposeAsync();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The silo logged errors during the tests:\n" + string.Join('\n', errors));
        }
    }
}
