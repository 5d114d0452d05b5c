using System.Globalization;
using System.Net;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// The simulator against a silo whose broker authenticates devices and whose API wants keys: each simulated device
/// connects as itself, with a secret issued through the API (<c>--provision-credentials</c>) or read from a file
/// (<c>--credentials</c>); a device given another device's secret is refused and creates nothing.
/// </summary>
public sealed class SimulatorCredentialsTests(AuthenticatingSiloFixture fixture) : IClassFixture<AuthenticatingSiloFixture>, IDisposable
{
    private readonly SiloProcess _silo = fixture.Silo;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-e2e-sim-credentials-");

    [Fact]
    public async Task DevicesWithSecretsIssuedThroughTheApiPublishTelemetryToTheirTwins()
    {
        // The admin key comes from the environment, as the docs advise: it is not on the simulator's command line.
        var prefix = NewPrefix("prov");
        await using var fleet = ProgramProcess.Start(
            "DeviceSimulator",
            new Dictionary<string, string> { ["DTN_API_KEY"] = ApiClient.AdminKey },
            [.. FleetArgs(prefix, devices: 3), "--provision-credentials", "--api", $"http://127.0.0.1:{_silo.HttpPort}"]);
        Assert.DoesNotContain(ApiClient.AdminKey, fleet.CommandLine, StringComparison.Ordinal);

        foreach (var id in IdsOf(prefix, 3))
        {
            await TelemetryOfAsync(id, fleet);
            var credentials = await AdminGetAsync($"/api/v1/twins/{id}/credentials");
            var credential = Assert.Single(credentials.Data.GetProperty("credentials").EnumerateArray());
            Assert.NotEqual(System.Text.Json.JsonValueKind.Null, credential.GetProperty("last_used_at").ValueKind);
        }

        Assert.Contains(fleet.Output, line => line.Contains("issued a broker secret for each of 3 devices", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADeviceGivenAnotherDevicesSecretFromTheFileIsRefusedAndCreatesNoTwin()
    {
        var prefix = NewPrefix("file");
        var (first, second) = (IdsOf(prefix, 2)[0], IdsOf(prefix, 2)[1]);
        var secret = await IssueAsync(first);
        await IssueAsync(second);
        var file = Path.Combine(_directory.FullName, $"secrets-{prefix}txt");
        await File.WriteAllLinesAsync(file, ["# the second device holds the first one's secret", $"{first} {secret}", $"{second} {secret}"]);
        var refusedBefore = await BadCredentialsAsync();
        await using var fleet = ProgramProcess.Start("DeviceSimulator", [.. FleetArgs(prefix, devices: 2), "--credentials", file]);

        await TelemetryOfAsync(first, fleet);
        await Eventually.GetAsync(BadCredentialsAsync, count => count > refusedBefore, what: "the second device's connection refused for bad credentials");
        Assert.True(await fleet.TerminateAsync(TimeSpan.FromSeconds(30)), fleet.Tail);
        Assert.Contains(fleet.Output, line => line.Contains("error x", StringComparison.Ordinal) && line.Contains("connect", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await AdminGetAsync($"/api/v1/twins/{second}")).Status);
    }

    [Fact]
    public async Task AnAdminKeyFromAFileProvisionsTheDevices()
    {
        var prefix = NewPrefix("keyf");
        var keyFile = Path.Combine(_directory.FullName, $"admin-key-{prefix}txt");
        await File.WriteAllTextAsync(keyFile, ApiClient.AdminKey + "\n");
        await using var fleet = ProgramProcess.Start("DeviceSimulator", [
            .. FleetArgs(prefix, devices: 1), "--provision-credentials", "--api", $"http://127.0.0.1:{_silo.HttpPort}", "--api-key-file", keyFile]);

        await TelemetryOfAsync(IdsOf(prefix, 1)[0], fleet);
        Assert.DoesNotContain(ApiClient.AdminKey, fleet.CommandLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongAdminKeyFromTheEnvironmentStopsTheSimulatorWithTheApisRefusal()
    {
        var prefix = NewPrefix("keyx");
        await using var fleet = ProgramProcess.Start(
            "DeviceSimulator",
            new Dictionary<string, string> { ["DTN_API_KEY"] = "not-a-key-of-this-silo-0123456789abcdef" },
            [.. FleetArgs(prefix, devices: 1), "--provision-credentials", "--api", $"http://127.0.0.1:{_silo.HttpPort}"]);

        Assert.True(await fleet.WaitForExitAsync(TimeSpan.FromSeconds(30)), fleet.Tail);
        Assert.Equal(2, fleet.ExitCode);
        Assert.Contains(fleet.Output, line => line.Contains("the API answered 401", StringComparison.Ordinal));
        Assert.DoesNotContain(fleet.Output, line => line.Contains("not-a-key-of-this-silo", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await AdminGetAsync($"/api/v1/twins/{IdsOf(prefix, 1)[0]}")).Status);
    }

    [Fact]
    public async Task ACredentialsFileWithoutASecretForEveryDeviceStopsTheSimulatorNamingTheDevice()
    {
        var prefix = NewPrefix("miss");
        var file = Path.Combine(_directory.FullName, $"secrets-{prefix}txt");
        await File.WriteAllLinesAsync(file, [$"{IdsOf(prefix, 2)[0]} some-secret"]);
        await using var fleet = ProgramProcess.Start("DeviceSimulator", [.. FleetArgs(prefix, devices: 2), "--credentials", file]);

        Assert.True(await fleet.WaitForExitAsync(TimeSpan.FromSeconds(30)), fleet.Tail);
        Assert.Equal(2, fleet.ExitCode);
        Assert.Contains(fleet.Output, line => line.Contains($"--credentials: '{file}' has no secret for device '{IdsOf(prefix, 2)[1]}'", StringComparison.Ordinal));
    }

    private string[] FleetArgs(string prefix, int devices) =>
    [
        "run", "--broker", "127.0.0.1", "--port", _silo.MqttPort.ToString(CultureInfo.InvariantCulture),
        "--devices", devices.ToString(CultureInfo.InvariantCulture), "--types", "temperature_sensor", "--id-prefix", prefix,
        "--interval", "1", "--window", "2", "--failure-rate", "0", "--ground-truth", Path.Combine(_directory.FullName, $"truth-{prefix}csv"),
    ];

    private static string NewPrefix(string what) => $"{what}{Guid.NewGuid():N}"[..12] + "-";

    private static string[] IdsOf(string prefix, int devices) =>
        [.. Enumerable.Range(1, devices).Select(i => $"{prefix}temperature-sensor-{i:D4}")];

    private async Task TelemetryOfAsync(string id, ProgramProcess fleet) =>
        await Eventually.GetAsync(
            async () => await AdminGetAsync($"/api/v1/twins/{id}/telemetry?limit=5"),
            call => call.Status == HttpStatusCode.OK && call.Data.GetProperty("count").GetInt32() >= 1,
            TimeSpan.FromSeconds(30),
            $"{id} telemetry; the simulator said:\n{fleet.Tail}");

    private async Task<string> IssueAsync(string deviceId)
    {
        var issued = await ApiCall.SendAsync(_silo.Http, HttpMethod.Post, $"/api/v1/twins/{deviceId}/credentials", headers: ApiClient.Key(ApiClient.AdminKey));
        Assert.Equal(HttpStatusCode.Created, issued.Status);
        return issued.Data.GetProperty("secret").GetString()!;
    }

    private Task<ApiCall> AdminGetAsync(string path) => ApiCall.SendAsync(_silo.Http, HttpMethod.Get, path, headers: ApiClient.Key(ApiClient.AdminKey));

    private async Task<long> BadCredentialsAsync()
    {
        var counts = (await AdminGetAsync("/api/v1/system/metrics")).Data.GetProperty("broker_security").GetProperty("connections_refused_by_reason");
        return counts.TryGetProperty("bad_credentials", out var count) ? count.GetInt64() : 0;
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
