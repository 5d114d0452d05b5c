using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>
/// tcpdump on the loopback interface into one pcap file. Not in immediate mode and with a 64 MiB buffer: packets are
/// handed over in blocks, so a scan's or a flood's burst waits in the buffer instead of being dropped
/// (the probe's own live capture does the same, docs/probe.md).
/// </summary>
internal sealed partial class LoopbackRecorder : IAsyncDisposable
{
    /// <summary>How long tcpdump may hold a block of packets before it writes it (libpcap's timeout, 1 s), with a margin.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    private readonly LabProcess _tcpdump;

    private LoopbackRecorder(string path, LabProcess tcpdump)
    {
        Path = path;
        _tcpdump = tcpdump;
    }

    public string Path { get; }

    /// <summary>Packets the kernel dropped, as tcpdump said when it stopped; null before.</summary>
    public long? Dropped { get; private set; }

    /// <summary>Packets tcpdump wrote, as it said when it stopped.</summary>
    public long? Captured { get; private set; }

    public static async Task<LoopbackRecorder> StartAsync(string filter, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dtn-capture-bench-{Guid.NewGuid():N}.pcap");
        var tcpdump = LabProcess.Start("tcpdump", "tcpdump", "-i", "lo", "-n", "-U", "-B", "65536", "-w", path, filter);
        var recorder = new LoopbackRecorder(path, tcpdump);
        try
        {
            await tcpdump.WaitForLineAsync("listening on", TimeSpan.FromSeconds(30), cancellationToken);
            return recorder;
        }
        catch
        {
            await recorder.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops once the file has stopped growing for longer than tcpdump holds a block back, so the last packets are in
    /// it; then reads what tcpdump says it captured and dropped.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var size = new FileInfo(Path).Length;
        var unchanged = Stopwatch.StartNew();
        while (unchanged.Elapsed < Quiet)
        {
            await Task.Delay(100, cancellationToken);
            var now = new FileInfo(Path).Length;
            if (now != size)
            {
                (size, unchanged) = (now, Stopwatch.StartNew());
            }
        }

        await _tcpdump.InterruptAsync(TimeSpan.FromSeconds(30));
        foreach (var line in _tcpdump.Lines())
        {
            if (Counted().Match(line) is { Success: true } match)
            {
                var count = long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (match.Groups[2].Value == "captured")
                {
                    Captured = count;
                }
                else
                {
                    Dropped = count;
                }
            }
        }
    }

    [GeneratedRegex(@"^(\d+) packets? (captured|dropped by kernel)")]
    private static partial Regex Counted();

    public async ValueTask DisposeAsync()
    {
        await _tcpdump.DisposeAsync();
        File.Delete(Path);
    }
}
