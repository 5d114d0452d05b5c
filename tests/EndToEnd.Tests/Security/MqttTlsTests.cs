using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using DigitalTwin.TestSupport;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// Transport security of the real silo, tried with independent clients: <c>mosquitto_pub</c> over TLS with and without
/// client certificates, <c>openssl s_client</c> reading the certificate served, <c>curl</c> over HTTPS. Certificates
/// are made for each test in a temp directory.
/// </summary>
public sealed class MqttTlsTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-e2e-tls-");
    private readonly TestCertificateAuthority _serverCa = TestCertificateAuthority.Create("DTN E2E server CA");
    private readonly TestCertificateAuthority _deviceCa = TestCertificateAuthority.Create("DTN E2E device CA");

    // Same name as the device CA, different key: what a forger would make.
    private readonly TestCertificateAuthority _foreignCa = TestCertificateAuthority.Create("DTN E2E device CA");
    private readonly string _serverCaFile;
    private readonly string _certificatePath;
    private readonly string _keyPath;

    public MqttTlsTests()
    {
        _serverCaFile = TestCertificateAuthority.WriteBundle(Path.Combine(_directory.FullName, "server-ca.pem"), _serverCa.Certificate);
        using var server = _serverCa.IssueServer("first");
        (_certificatePath, _keyPath) = TestCertificateAuthority.WritePem(server, _directory.FullName, "server");
    }

    [Fact]
    public async Task WithOnlyTlsOpenAClientTrustingTheCaUpdatesItsTwinAndEveryOtherWayInIsClosed()
    {
        var tlsPort = FreePort.Next();
        await using var silo = await SiloProcess.StartAsync(Tls(tlsPort, new() { ["Mqtt:PlainEnabled"] = "false" }));
        var broker = new Mosquitto(tlsPort);

        var (sent, output) = await broker.RunAsync("mosquitto_pub", "--cafile", _serverCaFile, "-i", "tls-e2e-1", "-q", "1", "-t", "device/tls-e2e-1/telemetry", "-m", """{"temperature":21.5}""");
        Assert.True(sent == 0, output);
        await silo.TwinWhenAsync("tls-e2e-1", twin => twin.GetProperty("state").GetProperty("temperature").GetDouble() == 21.5);

        var plain = await new Mosquitto(silo.MqttPort).PublishAsync("device/tls-e2e-2/telemetry", """{"temperature":1}""", clientId: "tls-e2e-2");
        Assert.NotEqual(0, plain.ExitCode);
        Assert.Contains("Connection refused", plain.Output, StringComparison.Ordinal);

        var plainToTlsPort = await broker.PublishAsync("device/tls-e2e-2/telemetry", """{"temperature":1}""", clientId: "tls-e2e-2");
        Assert.NotEqual(0, plainToTlsPort.ExitCode);

        var foreignCaFile = TestCertificateAuthority.WriteBundle(Path.Combine(_directory.FullName, "foreign-ca.pem"), _foreignCa.Certificate);
        var distrusting = await broker.RunAsync("mosquitto_pub", "--cafile", foreignCaFile, "-i", "tls-e2e-2", "-q", "1", "-t", "device/tls-e2e-2/telemetry", "-m", """{"temperature":1}""");
        Assert.NotEqual(0, distrusting.ExitCode);

        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("/api/v1/twins/tls-e2e-2")).StatusCode);
        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task WithClientCertificatesRequiredOnlyACertificateFromTheDeviceCaGetsIn()
    {
        var tlsPort = FreePort.Next();
        await using var silo = await SiloProcess.StartAsync(Tls(tlsPort, RequiredClientCertificates()));
        var broker = new Mosquitto(tlsPort);

        var (sent, output) = await PublishWithCertificateAsync(broker, _deviceCa, "mtls-e2e-1", clientId: "mtls-e2e-1");
        Assert.True(sent == 0, output);
        await silo.TwinWhenAsync("mtls-e2e-1", twin => twin.GetProperty("state").GetProperty("temperature").GetDouble() == 19.5);

        var forged = await PublishWithCertificateAsync(broker, _foreignCa, "mtls-e2e-2", clientId: "mtls-e2e-2");
        Assert.NotEqual(0, forged.ExitCode);
        Assert.Contains("not authorised", forged.Output, StringComparison.Ordinal);

        var without = await broker.RunAsync("mosquitto_pub", "--cafile", _serverCaFile, "-i", "mtls-e2e-2", "-q", "1", "-t", "device/mtls-e2e-2/telemetry", "-m", """{"temperature":19.5}""");
        Assert.NotEqual(0, without.ExitCode);
        Assert.Contains("not authorised", without.Output, StringComparison.Ordinal);

        var badName = await PublishWithCertificateAsync(broker, _deviceCa, "Not_A_Device", clientId: "mtls-e2e-2");
        Assert.NotEqual(0, badName.ExitCode);
        Assert.Contains("not authorised", badName.Output, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("/api/v1/twins/mtls-e2e-2")).StatusCode);
        var refused = (await silo.GetDataAsync("/api/v1/system/metrics")).GetProperty("broker_security").GetProperty("connections_refused_by_reason");
        Assert.Equal(
            [("certificate_bad_name", 1L), ("certificate_missing", 1L), ("certificate_untrusted", 1L)],
            refused.EnumerateObject().Select(p => (p.Name, p.Value.GetInt64())));
        var scrape = await PrometheusScrape.ReadAsync(silo.Http);
        Assert.Equal(
            [1.0, 1.0, 1.0, 3.0],
            [.. new[] { "certificate_bad_name", "certificate_missing", "certificate_untrusted" }.Select(reason => scrape.Sum("dtn_broker_connections_refused_total", $"reason=\"{reason}\"")),
                scrape.Sum("dtn_broker_connections_refused_total")]);
        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task ReplacedCertificateFilesReachNewConnectionsWithoutARestart()
    {
        var tlsPort = FreePort.Next();
        await using var silo = await SiloProcess.StartAsync(Tls(tlsPort, new() { ["Mqtt:PlainEnabled"] = "false" }));
        Assert.Contains("CN = first", await ServedSubjectAsync(tlsPort), StringComparison.Ordinal);

        // As a certificate manager rotates: both files written beside the old ones, then moved over them.
        using var second = _serverCa.IssueServer("second");
        var staged = TestCertificateAuthority.WritePem(second, _directory.FullName, "staged");
        File.Move(staged.CertificatePath, _certificatePath, overwrite: true);
        File.Move(staged.KeyPath, _keyPath, overwrite: true);

        await Eventually.GetAsync(() => ServedSubjectAsync(tlsPort), subject => subject.Contains("CN = second", StringComparison.Ordinal), what: "the replaced certificate served");
        var (sent, output) = await new Mosquitto(tlsPort).RunAsync("mosquitto_pub", "--cafile", _serverCaFile, "-i", "tls-e2e-3", "-q", "1", "-t", "device/tls-e2e-3/telemetry", "-m", """{"temperature":3}""");
        Assert.True(sent == 0, output);
        Assert.Contains("The MQTT TLS certificate files changed: new connections get CN=second", await silo.SettledLogAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProductionServesTheApiOverHttpsAndTakesOnlyDevicesWhoseClientIdIsTheirCertificateCn()
    {
        const string token = "e2e-tls-production-token-0123456789";
        var tlsPort = FreePort.Next();
        var settings = Tls(tlsPort, RequiredClientCertificates());
        settings["Mqtt:PlainEnabled"] = "false";
        settings["Security:Mode"] = "production";
        settings["Api:Auth:Tokens:0"] = token;
        settings["Mqtt:Auth:Enabled"] = "true";
        settings["Twins:MaxDiscoveriesPerMinute"] = "600";
        settings["Kestrel:Certificates:Default:Path"] = _certificatePath;
        settings["Kestrel:Certificates:Default:KeyPath"] = _keyPath;
        await using var silo = await SiloProcess.StartAsync(settings, httpsRoot: _serverCa.Certificate);

        var (curl, status) = await ExternalTool.RunAsync("curl", "-sS", "--cacert", _serverCaFile, "-H", $"Authorization: Bearer {token}", "-o", "/dev/null", "-w", "%{http_code}", $"https://127.0.0.1:{silo.HttpPort}/api/v1/twins");
        Assert.True(curl == 0, status);
        Assert.Equal("200", status);
        var (untrusting, _) = await ExternalTool.RunAsync("curl", "-sS", "-o", "/dev/null", $"https://127.0.0.1:{silo.HttpPort}/api/v1/system/health");
        Assert.Equal(60, untrusting); // curl: peer certificate cannot be authenticated with known CA certificates
        var (plainHttp, _) = await ExternalTool.RunAsync("curl", "-sS", "-o", "/dev/null", $"http://127.0.0.1:{silo.HttpPort}/api/v1/system/health");
        Assert.NotEqual(0, plainHttp);

        var broker = new Mosquitto(tlsPort);
        var impostor = await PublishWithCertificateAsync(broker, _deviceCa, "mtls-e2e-4", clientId: "mtls-e2e-5");
        Assert.NotEqual(0, impostor.ExitCode);
        Assert.Contains("identifier rejected", impostor.Output, StringComparison.Ordinal);
        var (sent, output) = await PublishWithCertificateAsync(broker, _deviceCa, "mtls-e2e-4", clientId: "mtls-e2e-4");
        Assert.True(sent == 0, output);

        silo.Http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await silo.TwinWhenAsync("mtls-e2e-4", twin => twin.GetProperty("state").GetProperty("temperature").GetDouble() == 19.5);
        Assert.Equal(HttpStatusCode.NotFound, (await silo.Http.GetAsync("/api/v1/twins/mtls-e2e-5")).StatusCode);
        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task TheSimulatorConnectsOverMutualTlsWithEachDevicesOwnCertificate()
    {
        var tlsPort = FreePort.Next();
        var settings = Tls(tlsPort, RequiredClientCertificates());
        settings["Mqtt:PlainEnabled"] = "false";
        await using var silo = await SiloProcess.StartAsync(settings);
        var certificates = Directory.CreateDirectory(Path.Combine(_directory.FullName, "devices")).FullName;
        string[] ids = ["tlssim-temperature-sensor-0001", "tlssim-temperature-sensor-0002"];
        foreach (var id in ids)
        {
            using var device = _deviceCa.IssueClient($"CN={id}");
            TestCertificateAuthority.WritePem(device, certificates, id);
        }

        await using var fleet = ProgramProcess.Start(
            "DeviceSimulator", "run", "--broker", "127.0.0.1", "--port", tlsPort.ToString(), "--ca-file", _serverCaFile, "--cert-dir", certificates,
            "--devices", "2", "--types", "temperature_sensor", "--id-prefix", "tlssim-", "--interval", "1", "--failure-rate", "0",
            "--ground-truth", Path.Combine(_directory.FullName, "truth.csv"));

        foreach (var id in ids)
        {
            // The twin exists once the platform accepted a message of the device, which only a connection it let in can send.
            await silo.TwinWhenAsync(id, twin => twin.GetProperty("state").EnumerateObject().Any(), TimeSpan.FromSeconds(30), $"{id} reporting over mTLS");
        }

        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task AClientThatNeverFinishesTheHandshakeIsDroppedAfterTheHandshakeTimeout()
    {
        var tlsPort = FreePort.Next();
        await using var silo = await SiloProcess.StartAsync(Tls(tlsPort, new() { ["Mqtt:Tls:HandshakeTimeout"] = "00:00:01" }));
        using var idle = new TcpClient();
        await idle.ConnectAsync(IPAddress.Loopback, tlsPort);
        var opened = Stopwatch.StartNew();

        // Sends nothing, and reads until the broker closes the connection (0 bytes, or a reset) or the deadline passes.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var closed = false;
        try
        {
            closed = await idle.GetStream().ReadAsync(new byte[16], deadline.Token) == 0;
        }
        catch (IOException)
        {
            closed = true;
        }
        catch (OperationCanceledException)
        {
            // Still open at the deadline: the assertion below says so.
        }

        Assert.True(closed, "the broker should have closed the connection");
        Assert.InRange(opened.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        await Eventually.GetAsync(
            () => Task.FromResult(silo.Log.Any(line => line.Contains("not finished within 00:00:01", StringComparison.Ordinal))),
            logged => logged,
            what: "the dropped handshake logged");
        var (sent, output) = await new Mosquitto(tlsPort).RunAsync("mosquitto_pub", "--cafile", _serverCaFile, "-i", "tls-e2e-3", "-q", "1", "-t", "device/tls-e2e-3/telemetry", "-m", """{"temperature":3}""");
        Assert.True(sent == 0, output);

        // Counted once: the idle client, not the one that finished its handshake.
        var counts = (await silo.GetDataAsync("/api/v1/system/metrics")).GetProperty("broker_security");
        Assert.Equal(1, counts.GetProperty("tls_handshakes_timed_out").GetInt64());
        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task ATlsPortAnotherProcessHoldsIsNamedWithItsKey()
    {
        var tlsPort = FreePort.Next();
        using var holder = new TcpListener(IPAddress.Loopback, tlsPort);
        holder.Start();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(Tls(tlsPort, [])));

        Assert.Contains("Mqtt:Tls:Port", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _serverCa.Dispose();
        _deviceCa.Dispose();
        _foreignCa.Dispose();
        _directory.Delete(recursive: true);
    }

    private Dictionary<string, string> Tls(int port, Dictionary<string, string> more)
    {
        var settings = new Dictionary<string, string>
        {
            ["Mqtt:Tls:Enabled"] = "true",
            ["Mqtt:Tls:Port"] = port.ToString(),
            ["Mqtt:Tls:CertificatePath"] = _certificatePath,
            ["Mqtt:Tls:KeyPath"] = _keyPath,
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private Dictionary<string, string> RequiredClientCertificates() => new()
    {
        ["Mqtt:Tls:ClientCertificates"] = "Required",
        ["Mqtt:Tls:ClientCaPath"] = TestCertificateAuthority.WriteBundle(Path.Combine(_directory.FullName, "device-ca.pem"), _deviceCa.Certificate),
    };

    private async Task<(int ExitCode, string Output)> PublishWithCertificateAsync(Mosquitto broker, TestCertificateAuthority issuer, string commonName, string clientId)
    {
        using var device = issuer.IssueClient($"CN={commonName}");
        var (certificatePath, keyPath) = TestCertificateAuthority.WritePem(device, _directory.FullName, $"{commonName}-{Guid.NewGuid():N}");
        return await broker.RunAsync(
            "mosquitto_pub", "--cafile", _serverCaFile, "--cert", certificatePath, "--key", keyPath,
            "-i", clientId, "-q", "1", "-t", $"device/{clientId}/telemetry", "-m", """{"temperature":19.5}""");
    }

    /// <summary>The subject line of the certificate the broker serves a new connection, as <c>openssl s_client</c> prints it.</summary>
    private async Task<string> ServedSubjectAsync(int port)
    {
        var (_, output) = await ExternalTool.RunAsync("openssl", "s_client", "-connect", $"127.0.0.1:{port}", "-CAfile", _serverCaFile);
        return output.Split('\n').FirstOrDefault(line => line.StartsWith("subject=", StringComparison.Ordinal)) ?? output;
    }
}
