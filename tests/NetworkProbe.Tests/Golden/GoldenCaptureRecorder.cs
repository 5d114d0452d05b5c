using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests.Golden;

/// <summary>
/// Plays the golden exchange again in the lab and checks that the fresh capture gives each IPv4 host the golden
/// capture's counts, so the committed file stays what the lab produces. With <c>DTN_RECORD_GOLDEN=1</c> the fresh
/// capture also replaces <c>Golden/golden.pcap</c> in the source tree; then review the expected windows against it as
/// Golden/README.md describes.
/// </summary>
[Collection(NetworkLabCollection.Name)]
public sealed class GoldenCaptureRecorder(NetworkLab lab)
{
    /// <summary>
    /// Counts the exchange fixes whatever the timing (how many segments carry an HTTP answer and whether an ACK is
    /// delayed do vary); IPv6 is left out, since neighbour discovery depends on the lab's caches.
    /// </summary>
    private static readonly string[] Counts =
    [
        "sessions_opened", "failed_connections", "retransmissions", "dns_unique_names", "listening_ports", "tls_handshakes", "tls_failures",
    ];

    [Fact]
    public async Task TheGoldenExchangeRecordedAgainGivesEachHostTheGoldenCounts()
    {
        // Only the lab's own addresses: no link-local IPv6 chatter of freshly started interfaces, no ARP.
        const string filter = "(ip or ip6) and not (ip6 src net fe80::/10 or ip6 src ::)";
        await using var capture = await lab.StartCaptureAsync("golden", filter: filter);
        await lab.RunCheckedAsync(lab.Client, "dig", "+tries=1", "+time=3", $"@{lab.Server.IPv4}", "printer.lab", "A");
        await lab.RunCheckedAsync(lab.Client, "curl", "-sS", "-o", "/dev/null", "--max-time", "20", $"http://{lab.Server.IPv4}/hello.txt");
        await lab.RunAsync(lab.Client, "curl", "-sS", "--max-time", "20", $"http://{lab.Server.IPv4}:81/");
        await lab.RunCheckedAsync(lab.Client, "ping", "-6", "-c", "1", lab.Server.IPv6.ToString());
        var path = await capture.StopAsync();

        var fresh = await ProbedCapture.ProbeAsync(path, NetworkLab.Devices);
        var golden = ObservedWindows.Read(Path.Combine(AppContext.BaseDirectory, "Golden", "golden-windows.csv"));
        foreach (var host in new[] { lab.Client.DeviceId, lab.Server.DeviceId })
        {
            foreach (var count in Counts)
            {
                Assert.True(golden.Sum(host, count) == fresh.Windows.Sum(host, count), $"{host} {count}: golden {golden.Sum(host, count)}, recorded again {fresh.Windows.Sum(host, count)}");
            }
        }

        if (Environment.GetEnvironmentVariable("DTN_RECORD_GOLDEN") == "1")
        {
            File.Copy(path, Path.Combine(ProbeProgram.RepositoryRoot(), "tests", "NetworkProbe.Tests", "Golden", "golden.pcap"), overwrite: true);
        }
    }
}
