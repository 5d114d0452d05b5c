using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Records real traffic on the loopback interface with tcpdump into a pcap file (the test runs as root, like CI): hosts
/// are told apart by their source addresses in 127.0.0.0/8 (<c>curl --interface 127.0.9.1</c>).
/// </summary>
public sealed partial class LoopbackCapture : IAsyncDisposable
{
    private readonly Process _tcpdump;
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _errors = [];

    private LoopbackCapture(string filter)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dtn-capture-{Guid.NewGuid():N}.pcap");
        var info = new ProcessStartInfo("tcpdump") { RedirectStandardError = true, RedirectStandardOutput = true };
        // No immediate mode: in it every packet takes a buffer frame sized for loopback's 64 KB MTU, so a burst (a scan's
        // thousands of SYNs in a tenth of a second) overflowed tcpdump's buffer on a busy machine. Packets now come in
        // blocks, at the latest after tcpdump's one-second timeout; 64 MiB holds any burst of the tests.
        foreach (var arg in new[] { "-i", "lo", "-n", "-U", "-B", "65536", "-w", Path, filter })
        {
            info.ArgumentList.Add(arg);
        }

        _tcpdump = Process.Start(info) ?? throw new InvalidOperationException("tcpdump did not start (apt-get install tcpdump)");
        _tcpdump.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _listening.TrySetException(new InvalidOperationException($"tcpdump stopped: {string.Join('\n', _errors)}"));
                return;
            }

            lock (_errors)
            {
                _errors.Add(e.Data);
            }

            if (e.Data.Contains("listening on", StringComparison.Ordinal))
            {
                _listening.TrySetResult();
            }
        };
        _tcpdump.BeginErrorReadLine();
    }

    /// <summary>How long tcpdump may hold captured packets back before it writes them (its default timeout).</summary>
    private static readonly TimeSpan BlockTimeout = TimeSpan.FromSeconds(1);

    public string Path { get; }

    /// <summary>Starts capturing loopback packets that match the BPF <paramref name="filter"/>; returns once tcpdump listens.</summary>
    public static async Task<LoopbackCapture> StartAsync(string filter)
    {
        var capture = new LoopbackCapture(filter);
        await capture._listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return capture;
    }

    /// <summary>
    /// Waits until the file holds at least <paramref name="packets"/> packets and no more came for longer than tcpdump
    /// holds a block back, then stops tcpdump so the file is complete.
    /// </summary>
    public async Task StopAfterAsync(int packets)
    {
        await Eventually.GetAsync(() => Task.FromResult(CountPackets()), count => count >= packets, TimeSpan.FromSeconds(30), $"{packets} packets captured");
        var written = CountPackets();
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < BlockTimeout * 1.5)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            if (CountPackets() is var now && now != written)
            {
                (written, quiet) = (now, Stopwatch.StartNew());
            }
        }

        using (var interrupt = Process.Start("kill", ["-INT", _tcpdump.Id.ToString()]))
        {
            await interrupt.WaitForExitAsync();
        }

        await _tcpdump.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        string[] report;
        lock (_errors)
        {
            report = [.. _errors];
        }

        // tcpdump reports at exit what the kernel dropped: a capture with holes would make any assertion on it a guess.
        var dropped = report.Select(l => DroppedByKernel().Match(l)).FirstOrDefault(m => m.Success);
        if (dropped is null || dropped.Groups[1].Value != "0")
        {
            throw new InvalidOperationException($"the capture is not complete; tcpdump said:\n{string.Join('\n', report)}");
        }
    }

    [GeneratedRegex(@"^(\d+) packets? dropped by kernel")]
    private static partial Regex DroppedByKernel();

    /// <summary>Records in the pcap file so far: a 24-byte file header, then per packet a 16-byte header and its bytes.</summary>
    public int CountPackets()
    {
        byte[] bytes;
        using (var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }

        var count = 0;
        for (var offset = 24; offset + 16 <= bytes.Length; count++)
        {
            offset += 16 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8));
            if (offset > bytes.Length)
            {
                break;
            }
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_tcpdump.HasExited)
        {
            _tcpdump.Kill();
            await _tcpdump.WaitForExitAsync();
        }

        _tcpdump.Dispose();
        File.Delete(Path);
    }
}
