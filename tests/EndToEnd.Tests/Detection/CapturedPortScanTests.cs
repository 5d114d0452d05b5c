using System.Diagnostics;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Detection;

/// <summary>
/// Detection on real packets: two hosts on loopback fetch the silo's health with curl, then one of them scans a
/// thousand ports with nmap. The capture goes through the network probe into a silo, and the scanning host's twin
/// raises a <c>port_scan</c> alert while the other host, which only kept fetching, raises none.
/// </summary>
/// <remarks>
/// A host is judged by its own baseline once it has learnt <c>Detection:WarmUp</c> of traffic (an hour by default),
/// and by its peers' before that. A test cannot wait an hour, so the probe cuts one-second windows and the silo warms a
/// host up after five of them: the rules are the same, only the clock is compressed.
/// </remarks>
public sealed class CapturedPortScanTests
{
    private const string WarmUp = "00:00:05";

    /// <summary>How long both hosts fetch before the scan: well past the warm-up, in windows of one second.</summary>
    private static readonly TimeSpan BenignPhase = TimeSpan.FromSeconds(9);

    private static readonly TimeSpan FetchInterval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task APortScanInACaptureRaisesAPortScanAlertOnTheScanningHostsTwinAndNoneOnTheOtherHost()
    {
        var prefix = $"127.{Random.Shared.Next(10, 250)}.{Random.Shared.Next(1, 250)}";
        var (scanner, bystander) = ($"{prefix}.1", $"{prefix}.2");
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["Detection:WarmUp"] = WarmUp });

        await using var capture = await LoopbackCapture.StartAsync($"net {prefix}.0/24");
        var fetches = await FetchAsync([scanner, bystander], silo.HttpPort, BenignPhase);
        await RunCheckedAsync("nmap", "-sS", "-Pn", "-n", "--max-retries", "1", "-e", "lo", "-S", scanner, "-p", "1-1000", "127.0.0.1");
        fetches += await FetchAsync([bystander], silo.HttpPort, TimeSpan.FromSeconds(2));
        // Every fetch is at least a handshake and a request; every port probed a SYN and its reset.
        await capture.StopAfterAsync(fetches * 4 + 2 * 1000);

        await using var probe = ProgramProcess.Start("NetworkProbe", "read", capture.Path, "--devices", $"{prefix}.0/24",
            "--window-seconds", "1", "--mqtt", $"127.0.0.1:{silo.MqttPort}");
        Assert.True(await probe.WaitForExitAsync(TimeSpan.FromSeconds(60)), probe.Tail);
        Assert.True(probe.ExitCode == 0, probe.Tail);

        var scannerId = TwinId(scanner);
        var alerts = await Eventually.GetAsync(
            () => silo.GetDataAsync($"/api/v1/twins/{scannerId}/alerts"),
            d => d.GetProperty("alerts").GetArrayLength() > 0,
            what: $"an alert on {scannerId}");
        var alert = Assert.Single(alerts.GetProperty("alerts").EnumerateArray());
        Assert.True(alert.GetProperty("type").GetString() == "port_scan", alert.ToString());
        Assert.Equal("own", alert.GetProperty("baseline").GetString());
        var reasons = alert.GetProperty("evidence")[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("feature").GetString()).ToList();
        Assert.Contains("distinct_destination_ports", reasons);

        // The bystander's windows, scan time included, were all scored against its own warm baseline, and none flagged.
        var bystanderId = TwinId(bystander);
        var baseline = await Eventually.GetAsync(
            () => silo.GetDataAsync($"/api/v1/twins/{bystanderId}/baseline"),
            d => d.GetProperty("windows_scored").GetInt64() >= BenignPhase.TotalSeconds,
            what: $"the windows of {bystanderId} scored");
        Assert.True(baseline.GetProperty("warm").GetBoolean());
        Assert.Equal(0, baseline.GetProperty("windows_flagged").GetInt64());
        Assert.Equal(0, (await silo.GetDataAsync($"/api/v1/twins/{bystanderId}/alerts")).GetProperty("alerts").GetArrayLength());
    }

    private static string TwinId(string address) => "ip-" + address.Replace('.', '-');

    /// <summary>Each host fetches the silo's health every <see cref="FetchInterval"/> for <paramref name="phase"/>; returns the fetches made.</summary>
    private static async Task<int> FetchAsync(string[] hosts, int httpPort, TimeSpan phase)
    {
        var fetches = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < phase)
        {
            var next = clock.Elapsed + FetchInterval;
            foreach (var host in hosts)
            {
                await RunCheckedAsync("curl", "-s", "-o", "/dev/null", "--interface", host, $"http://127.0.0.1:{httpPort}/api/v1/system/health");
                fetches++;
            }

            if (next > clock.Elapsed)
            {
                // Paces the fetches: a host's traffic is spread over every window of the phase, as a client's would be.
                await Task.Delay(next - clock.Elapsed);
            }
        }

        return fetches;
    }

    private static async Task RunCheckedAsync(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} exited with {process.ExitCode}: {await output}{await error}");
    }
}
