using System.Globalization;

namespace DigitalTwin.NetworkProbe.Tests.Lab;

/// <summary>
/// tcpdump writing one interface's frames to a pcap file as they arrive (--immediate-mode: no block of packets
/// held back in the kernel, which SIGINT would lose; -U: each written at once). Started only once tcpdump reports it
/// is listening; stopped, once the link has gone quiet, with SIGINT so the file is complete.
/// </summary>
public sealed class PacketCapture : IAsyncDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    private readonly LabProcess _tcpdump;

    private PacketCapture(LabProcess tcpdump, string path)
    {
        _tcpdump = tcpdump;
        Path = path;
    }

    public string Path { get; }

    public static async Task<PacketCapture> StartAsync(string networkNamespace, string device, string path, int? snapLength, string? filter)
    {
        List<string> arguments = ["netns", "exec", networkNamespace, "tcpdump", "-i", device, "-n", "-U", "--immediate-mode", "-Z", "root", "-w", path];
        if (snapLength is { } snap)
        {
            arguments.AddRange(["-s", snap.ToString(CultureInfo.InvariantCulture)]);
        }

        if (filter is not null)
        {
            arguments.Add(filter);
        }

        var tcpdump = LabProcess.Start("ip", arguments);
        try
        {
            await tcpdump.WaitForOutputAsync("listening on", TimeSpan.FromSeconds(15));
        }
        catch
        {
            await tcpdump.DisposeAsync();
            throw;
        }

        return new PacketCapture(tcpdump, path);
    }

    /// <summary>Waits until no frame has arrived for half a second (late ACKs, FINs), then stops and returns the file.</summary>
    public async Task<string> StopAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var size = -1L;
        while (DateTime.UtcNow < deadline)
        {
            var now = new FileInfo(Path).Length;
            if (now == size)
            {
                break;
            }

            size = now;
            await Task.Delay(Quiet);
        }

        await _tcpdump.SignalAndWaitAsync("INT", TimeSpan.FromSeconds(15));
        return Path;
    }

    public ValueTask DisposeAsync() => _tcpdump.DisposeAsync();
}
