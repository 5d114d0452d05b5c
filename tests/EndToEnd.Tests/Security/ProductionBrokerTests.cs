using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using DigitalTwin.TestSupport;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// What production mode adds on the broker: the client id must be the device id, and auto-discovery creates at most
/// <c>Twins:MaxDiscoveriesPerMinute</c> twins, telling the device over the cap why on its error topic. Devices speak
/// MQTT over TLS, the only listener production opens.
/// </summary>
public sealed class ProductionBrokerTests : IDisposable
{
    private const string Token = "e2e-production-token-0123456789";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-e2e-production-");
    private readonly TestCertificateAuthority _serverCa = TestCertificateAuthority.Create("DTN E2E production server CA");

    public void Dispose()
    {
        _serverCa.Dispose();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task TheClientIdMustBeTheDeviceIdAndDiscoveryIsCapped()
    {
        using var server = _serverCa.IssueServer();
        var (certificatePath, keyPath) = TestCertificateAuthority.WritePem(server, _directory.FullName, "server");
        var caFile = TestCertificateAuthority.WriteBundle(Path.Combine(_directory.FullName, "ca.pem"), _serverCa.Certificate);
        var tlsPort = FreePort.Next();
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["Security:Mode"] = "production",
            ["Security:AllowPlainHttp"] = "true",
            ["Api:Auth:Tokens:0"] = Token,
            ["Mqtt:Auth:Enabled"] = "true",
            ["Mqtt:PlainEnabled"] = "false",
            ["Mqtt:Tls:Enabled"] = "true",
            ["Mqtt:Tls:Port"] = tlsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mqtt:Tls:CertificatePath"] = certificatePath,
            ["Mqtt:Tls:KeyPath"] = keyPath,
            ["Twins:MaxDiscoveriesPerMinute"] = "1",
        });
        foreach (var (method, path) in new[] { (HttpMethod.Post, "/api/v1/twins/anyone/credentials"), (HttpMethod.Get, "/api/v1/twins/anyone/credentials"), (HttpMethod.Delete, "/api/v1/twins/anyone/credentials"), (HttpMethod.Delete, "/api/v1/twins/anyone/credentials/cred-1") })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await ApiCall.SendAsync(silo.Http, method, path)).Status);
        }

        silo.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        var (x, y) = ($"prod-x-{Guid.NewGuid():N}", $"prod-y-{Guid.NewGuid():N}");
        var secretX = await IssueAsync(silo, x);
        var secretY = await IssueAsync(silo, y);

        foreach (var (level, expected) in new[] { (4, 2), (5, 0x85) })
        {
            var other = await RawMqttConnection.OpenAsync(tlsPort, _serverCa.Certificate);
            await using (other)
            {
                await other.SendAsync(MqttAuthPackets.Connect($"{x}-other", x, secretX, level));
                Assert.Equal(expected, MqttAuthPackets.ConnAckReason((await other.ReadAsync())!));
            }
        }

        var (exitCode, output) = await new Mosquitto(tlsPort).RunAsync("mosquitto_pub", "--cafile", caFile, "-u", x, "-P", secretX, "-i", x, "-q", "1", "-t", $"device/{x}/telemetry", "-m", """{"temperature":21}""");
        Assert.True(exitCode == 0, output);
        await silo.TwinWhenAsync(x, twin => twin.GetProperty("state").TryGetProperty("temperature", out _), what: "the first discovered twin");

        await using var deviceY = await RawMqttConnection.OpenAsync(tlsPort, _serverCa.Certificate);
        await deviceY.SendAsync(MqttAuthPackets.Connect(y, y, secretY, level: 5));
        Assert.Equal(0, MqttAuthPackets.ConnAckReason((await deviceY.ReadAsync())!));
        await deviceY.SendAsync(MqttAuthPackets.Subscribe($"device/{y}/error", 1, level: 5));
        Assert.Equal(MqttAuthPackets.SubAck, (await deviceY.ReadAsync())!.Type);
        await deviceY.SendAsync(RawMqttConnection.Publish($"device/{y}/telemetry", """{"temperature":22}""", qos: 1, packetId: 2, level: 5));

        string? error = null;
        while (error is null)
        {
            var frame = await deviceY.ReadAsync() ?? throw new InvalidOperationException("the connection closed before the error came");
            if (frame.Type == 3)
            {
                error = Encoding.UTF8.GetString(frame.Body);
            }
        }

        Assert.Contains("DISCOVERY_CAPPED", error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await ApiCall.SendAsync(silo.Http, HttpMethod.Get, $"/api/v1/twins/{y}")).Status);
        var counts = (await silo.GetDataAsync("/api/v1/system/metrics")).GetProperty("broker_security");
        Assert.Equal(1, counts.GetProperty("discoveries_capped").GetInt64());
        Assert.Equal(2, counts.GetProperty("connections_refused_by_reason").GetProperty("client_id_mismatch").GetInt64());
    }

    [Fact]
    public async Task ProductionNamesDeviceAuthenticationAndTheDiscoveryCapWhenMissing()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["Security:Mode"] = "production",
            ["Api:Auth:Tokens:0"] = Token,
        }));

        Assert.Contains("Mqtt:Auth:Enabled=true", error.Message, StringComparison.Ordinal);
        Assert.Contains("Twins:MaxDiscoveriesPerMinute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHashCommandHashesAGivenSecretOrGeneratesOne()
    {
        var (generatedExit, generated) = await HashSecretProgram.RunAsync("");
        var (shortExit, tooShort) = await HashSecretProgram.RunAsync("too-short");

        Assert.Equal(0, generatedExit);
        Assert.Matches(@"secret: [A-Za-z0-9_-]{43}\n", generated);
        Assert.Matches(@"hash: pbkdf2-sha256\$100000\$", generated);
        Assert.Equal(2, shortExit);
        Assert.Contains("at least 32 characters", tooShort, StringComparison.Ordinal);
    }

    private static async Task<string> IssueAsync(SiloProcess silo, string deviceId)
    {
        var issued = await ApiCall.SendAsync(silo.Http, HttpMethod.Post, $"/api/v1/twins/{deviceId}/credentials");
        Assert.Equal(HttpStatusCode.Created, issued.Status);
        return issued.Data.GetProperty("secret").GetString()!;
    }
}
