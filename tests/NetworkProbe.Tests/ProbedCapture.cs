using DigitalTwin.NetworkProbe.Tests.Capture;
using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>A capture together with both views of it: tshark's packets (the reference) and the probe's windows.</summary>
public sealed record ProbedCapture(string Path, IReadOnlyList<CapturedPacket> Packets, ObservedWindows Windows)
{
    public const int WindowSeconds = 10;

    /// <summary>Captures on the server's switch port while <paramref name="exchange"/> runs, then reads the file both ways.</summary>
    public static async Task<ProbedCapture> RecordAsync(NetworkLab lab, string name, Func<Task> exchange, int? snapLength = null)
    {
        string path;
        await using (var capture = await lab.StartCaptureAsync(name, snapLength))
        {
            await exchange();
            path = await capture.StopAsync();
        }

        return await ProbeAsync(path, NetworkLab.Devices);
    }

    /// <summary>Runs the probe's <c>read</c> on a capture (failing with its stderr unless it succeeds) and tshark.</summary>
    public static async Task<ProbedCapture> ProbeAsync(string capture, string devices)
    {
        var output = System.IO.Path.ChangeExtension(capture, ".windows.csv");
        var probe = await ProbeProgram.ReadAsync(capture, devices, output);
        probe.EnsureSuccess();
        return new ProbedCapture(capture, await Tshark.ReadAsync(capture), ObservedWindows.Read(output));
    }

    /// <summary>What the capture holds about one host, window by window.</summary>
    public HostTraffic Of(System.Net.IPAddress host) => new(host, Packets.Where(p => p.Involves(host)).ToList(), WindowSeconds);
}
