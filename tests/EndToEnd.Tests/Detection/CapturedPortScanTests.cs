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

    /// <summary>How long the bystander goes on fetching once the scanner stops: the scan and a little after it.</summary>
    private static readonly TimeSpan ScanAllowance = TimeSpan.FromSeconds(4);

    private const int FetchesPerSecond = 4;

    [Fact]
    public async Task APortScanInACaptureRaisesAPortScanAlertOnTheScanningHostsTwinAndNoneOnTheOtherHost()
    {
        var prefix = $"127.{Random.Shared.Next(10, 250)}.{Random.Shared.Next(1, 250)}";
        var (scanner, bystander) = ($"{prefix}.1", $"{prefix}.2");
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string> { ["Detection:WarmUp"] = WarmUp });

        await using var capture = await LoopbackCapture.StartAsync($"net {prefix}.0/24");
        // Both hosts fetch side by side; the bystander keeps on through the scan and after it.
        var bystanderFetches = (int)((BenignPhase + ScanAllowance).TotalSeconds * FetchesPerSecond);
        var scannerFetches = (int)(BenignPhase.TotalSeconds * FetchesPerSecond);
        var bystanding = FetchAsync(bystander, silo.HttpPort, bystanderFetches);
        await FetchAsync(scanner, silo.HttpPort, scannerFetches);
        await RunCheckedAsync("nmap", "-sS", "-Pn", "-n", "--max-retries", "1", "-e", "lo", "-S", scanner, "-p", "1-1000", "127.0.0.1");
        await bystanding;
        // Every fetch is at least a handshake and a request; every port probed a SYN and its reset.
        await capture.StopAfterAsync((scannerFetches + bystanderFetches) * 4 + 2 * 1000);

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

    /// <summary>
    /// The host fetches the silo's health <paramref name="fetches"/> times at <see cref="FetchesPerSecond"/>, each on a
    /// new connection, as a client polling a service would.
    /// </summary>
    /// <remarks>
    /// One curl paces all the fetches (<c>--rate</c>): when the test started a curl per fetch and paced them itself, on a
    /// loaded machine (CI runs test assemblies side by side) the pace depended on how soon a process started and a
    /// delay returned, the bystander's traffic stalled and bunched up from window to window, and its baseline, learnt
    /// from a few one-second windows of a metronome, rightly called such windows unusual (3 flagged in one CI run).
    /// </remarks>
    private static Task FetchAsync(string host, int httpPort, int fetches)
    {
        var url = $"http://127.0.0.1:{httpPort}/api/v1/system/health";
        var arguments = new List<string> { "-s", "--fail", "--interface", host, "--rate", $"{FetchesPerSecond}/s", "-H", "Connection: close" };
        for (var i = 0; i < fetches; i++)
        {
            arguments.AddRange(["-o", "/dev/null", url]);
        }

        return RunCheckedAsync("curl", [.. arguments]);
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
