using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests.Golden;

/// <summary>
/// Records <c>Golden/golden.pcap</c> again from the lab. Run by hand only (remove the Skip), then review the expected
/// windows against the new capture as Golden/README.md describes.
/// </summary>
[Collection(NetworkLabCollection.Name)]
public sealed class GoldenCaptureRecorder(NetworkLab lab)
{
    [Fact(Skip = "records the committed golden capture again; run by hand")]
    public async Task RecordTheGoldenCapture()
    {
        // Only the lab's own addresses: no link-local IPv6 chatter of freshly started interfaces, no ARP.
        const string filter = "(ip or ip6) and not (ip6 src net fe80::/10 or ip6 src ::)";
        await using var capture = await lab.StartCaptureAsync("golden", filter: filter);
        await lab.RunCheckedAsync(lab.Client, "dig", "+tries=1", "+time=3", $"@{lab.Server.IPv4}", "printer.lab", "A");
        await lab.RunCheckedAsync(lab.Client, "curl", "-sS", "-o", "/dev/null", "--max-time", "20", $"http://{lab.Server.IPv4}/hello.txt");
        await lab.RunAsync(lab.Client, "curl", "-sS", "--max-time", "20", $"http://{lab.Server.IPv4}:81/");
        await lab.RunCheckedAsync(lab.Client, "ping", "-6", "-c", "1", lab.Server.IPv6.ToString());
        var path = await capture.StopAsync();
        File.Copy(path, Path.Combine(ProbeProgram.RepositoryRoot(), "tests", "NetworkProbe.Tests", "Golden", "golden.pcap"), overwrite: true);
    }
}
