using System.Diagnostics;
using System.Text.RegularExpressions;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using DigitalTwin.EndToEnd.Tests.Security;
using DigitalTwin.TestSupport;

namespace DigitalTwin.EndToEnd.Tests.Network;

/// <summary>
/// The network probe on a real capture against the real silo: the captured hosts become twins typed
/// <c>network_host</c> whose presence is "observed", with the probe's windows and statistics; a broker that is down
/// is waited for, and every window the probe buffered arrives once it is up; a probe account whose password comes from
/// the environment, not the command line, gets its windows into a broker that authenticates.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed partial class NetworkProbeTests(SiloFixture fixture)
{
    private const int Hosts = 3;
    private const int ExchangesPerHost = 2;

    // An HTTP exchange on loopback is at least a handshake, a request, its answer, its acknowledgements and the close.
    private const int PacketsPerExchange = 10;

    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task HostsOfACaptureBecomeObservedTwinsWithTheProbesWindowsAndStatistics()
    {
        var (subnet, addresses) = NewSubnet();
        var capture = await RecordAsync(addresses, _silo.HttpPort);
        await using var _ = capture;

        await using var probe = ProgramProcess.Start("NetworkProbe", "read", capture.Path, "--devices", subnet, "--mqtt", $"127.0.0.1:{_silo.MqttPort}");
        Assert.True(await probe.WaitForExitAsync(TimeSpan.FromSeconds(60)), probe.Tail);
        Assert.True(probe.ExitCode == 0, probe.Tail);
        var published = Published(probe);
        Assert.True(published >= Hosts, probe.Tail);

        foreach (var address in addresses)
        {
            var id = "ip-" + address.Replace('.', '-');
            var network = await Eventually.GetAsync(
                () => _silo.GetDataAsync($"/api/v1/twins/{id}/network"), d => d.GetProperty("window_counts").GetProperty("accepted").GetInt64() >= 1, what: $"windows of {id}");
            Assert.Equal("network_host", network.GetProperty("device_type").GetString());
            Assert.Equal("probe", network.GetProperty("source").GetString());
            Assert.Equal(3, network.GetProperty("statistics_schema_version").GetInt32());
            var sessions = network.GetProperty("windows").EnumerateArray().Sum(w => w.GetProperty("features").GetProperty("sessions_opened").GetDouble());
            Assert.Equal(ExchangesPerHost, sessions);
            Assert.True(network.GetProperty("statistics").GetProperty("packets_out").GetProperty("count").GetInt64() >= 1);

            var twin = await _silo.GetDataAsync($"/api/v1/twins/{id}");
            Assert.Equal("observed", twin.GetProperty("status").GetString());
        }

        // The directory behind listings follows the twins within about half a second.
        var wanted = addresses.Select(a => "ip-" + a.Replace('.', '-')).ToArray();
        await Eventually.GetAsync(
            () => _silo.GetDataAsync($"/api/v1/twins?status=observed&type=network_host&limit=1000"),
            d => wanted.All(id => d.GetProperty("twins").EnumerateArray().Any(t => t.GetProperty("id").GetString() == id)),
            what: "the captured hosts listed as observed");
    }

    [Fact]
    public async Task AProbeWaitsForABrokerThatIsDownAndDeliversEveryWindowOnceItIsUp()
    {
        var (subnet, addresses) = NewSubnet();
        var capture = await RecordAsync(addresses, _silo.HttpPort);
        await using var _ = capture;
        var port = FreePort.Next();

        await using var probe = ProgramProcess.Start("NetworkProbe", "read", capture.Path, "--devices", subnet, "--mqtt", $"127.0.0.1:{port}", "--connections", "2");
        await Eventually.GetAsync(() => Task.FromResult(probe.Output), lines => lines.Any(l => l.Contains("unreachable", StringComparison.Ordinal)) || probe.HasExited, what: "the probe saying the broker is unreachable");
        Assert.False(probe.HasExited, probe.Tail);

        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["Mqtt:Port"] = port.ToString() });
        Assert.True(await probe.WaitForExitAsync(TimeSpan.FromSeconds(60)), probe.Tail);
        Assert.True(probe.ExitCode == 0, probe.Tail);
        var published = Published(probe);

        long accepted = 0;
        foreach (var address in addresses)
        {
            var id = "ip-" + address.Replace('.', '-');
            var network = await Eventually.GetAsync(() => silo.GetDataAsync($"/api/v1/twins/{id}/network"), d => d.GetProperty("window_counts").GetProperty("accepted").GetInt64() >= 1, what: $"windows of {id}");
            accepted += network.GetProperty("window_counts").GetProperty("accepted").GetInt64();
        }

        Assert.Equal(published, accepted);
    }

    [Fact]
    public async Task AProbeAccountWithItsPasswordFromTheEnvironmentPublishesToAnAuthenticatingBroker()
    {
        const string Secret = "a-probe-secret-from-the-environment-0123456789";
        var (subnet, addresses) = NewSubnet();
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["Mqtt:Auth:Enabled"] = "true",
            ["Mqtt:Auth:Accounts:0:Username"] = "net-probe",
            ["Mqtt:Auth:Accounts:0:Role"] = "probe",
            ["Mqtt:Auth:Accounts:0:SecretHash"] = await HashSecretProgram.HashAsync(Secret),
            ["Mqtt:Auth:Accounts:0:Subnets:0"] = subnet,
        });
        var capture = await RecordAsync(addresses, silo.HttpPort);
        await using var _ = capture;

        await using var probe = ProgramProcess.Start(
            "NetworkProbe",
            new Dictionary<string, string> { ["DTN_MQTT_PASSWORD"] = Secret },
            "read", capture.Path, "--devices", subnet, "--mqtt", $"127.0.0.1:{silo.MqttPort}", "--mqtt-username", "net-probe");
        Assert.DoesNotContain(Secret, probe.CommandLine, StringComparison.Ordinal);
        Assert.True(await probe.WaitForExitAsync(TimeSpan.FromSeconds(60)), probe.Tail);
        Assert.True(probe.ExitCode == 0, probe.Tail);

        foreach (var address in addresses)
        {
            var id = "ip-" + address.Replace('.', '-');
            await Eventually.GetAsync(() => silo.GetDataAsync($"/api/v1/twins/{id}/network"), d => d.GetProperty("window_counts").GetProperty("accepted").GetInt64() >= 1, what: $"windows of {id}");
        }

        Assert.Empty(silo.LoggedErrors());
    }

    /// <summary>A fresh /24 of 127.0.0.0/8 per test, so twins of earlier tests on the shared silo never count.</summary>
    private static (string Subnet, string[] Addresses) NewSubnet()
    {
        var prefix = $"127.{Random.Shared.Next(10, 250)}.{Random.Shared.Next(1, 250)}";
        return ($"{prefix}.0/24", [.. Enumerable.Range(1, Hosts).Select(i => $"{prefix}.{i}")]);
    }

    /// <summary>Each host fetches the silo's health twice over HTTP, from its own source address.</summary>
    private static async Task<LoopbackCapture> RecordAsync(string[] addresses, int httpPort)
    {
        var capture = await LoopbackCapture.StartAsync($"tcp port {httpPort} and net {string.Join('.', addresses[0].Split('.')[..3])}.0/24");
        foreach (var address in addresses)
        {
            for (var i = 0; i < ExchangesPerHost; i++)
            {
                using var curl = Process.Start("curl", ["-s", "-o", "/dev/null", "--interface", address, $"http://127.0.0.1:{httpPort}/api/v1/system/health"]);
                await curl.WaitForExitAsync();
                Assert.Equal(0, curl.ExitCode);
            }
        }

        await capture.StopAfterAsync(addresses.Length * ExchangesPerHost * PacketsPerExchange);
        return capture;
    }

    private static long Published(ProgramProcess probe)
    {
        var line = probe.Output.FirstOrDefault(l => l.StartsWith("published ", StringComparison.Ordinal)) ?? throw new InvalidOperationException($"no summary:\n{probe.Tail}");
        return long.Parse(PublishedCount().Match(line).Groups[1].Value);
    }

    [GeneratedRegex("^published (\\d+) windows")]
    private static partial Regex PublishedCount();
}
