using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// Retransmissions of a 300 kB download: when the client drops a share of the segments it receives, the server resends
/// segments the capture (on the server's switch port) already holds; on a clean link it resends none.
/// </summary>
[Collection(NetworkLabCollection.Name)]
public sealed class RetransmissionTests(NetworkLab lab)
{
    [Fact]
    public async Task SegmentsResentAfterLossesAreRetransmissionsOfTheSender()
    {
        ProbedCapture capture;
        await using (await lab.DropIncomingTcpAsync(lab.Client, percent: 10))
        {
            capture = await DownloadAsync("loss", rate: null, _ => Task.CompletedTask);
        }


        var resent = capture.Of(lab.Server.IPv4).Retransmitted();
        Assert.NotEmpty(resent);
        Assert.True(capture.Windows.Sum(lab.Server.DeviceId, "retransmissions") > 0, "the probe counted no retransmission of the server");
        foreach (var window in capture.Windows.Of(lab.Server.DeviceId))
        {
            Assert.Equal(resent.Count(p => p.WindowStart(ProbedCapture.WindowSeconds) == window.Start), window["retransmissions"]);
        }
    }

    [Fact]
    public async Task ACleanLinkHasNoRetransmissions()
    {
        // At full speed: a slow reader makes the sender probe with tail-loss retransmissions even on a clean link.
        var capture = await DownloadAsync("clean", rate: null, _ => Task.CompletedTask);

        Assert.Empty(capture.Of(lab.Server.IPv4).Retransmitted());
        Assert.Empty(capture.Of(lab.Client.IPv4).Retransmitted());
        Assert.Equal(0, capture.Windows.Sum(lab.Server.DeviceId, "retransmissions"));
        Assert.Equal(0, capture.Windows.Sum(lab.Client.DeviceId, "retransmissions"));
    }

    /// <summary>Downloads the big file (at <paramref name="rate"/> if given) while <paramref name="during"/> acts on the link.</summary>
    private Task<ProbedCapture> DownloadAsync(string name, string? rate, Func<string, Task> during) => ProbedCapture.RecordAsync(lab, name, async () =>
    {
        var progress = lab.NewPath(name + ".part");
        string[] limit = rate is null ? [] : ["--limit-rate", rate];
        var download = lab.RunCheckedAsync(lab.Client, ["curl", "-sS", "-o", progress, .. limit, "--max-time", "90", $"http://{lab.Server.IPv4}/big.bin"]);
        await during(progress);
        await download;
        Assert.Equal(NetworkLab.BigFileBytes, new FileInfo(progress).Length);
    });
}
