using DigitalTwin.NetworkProbe.Tests.Capture;
using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>A device gets a window for each window in which it sent or received packets, and for no other.</summary>
public sealed class WindowCoverageTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-probe-coverage-");

    [Fact]
    public async Task AHostWhoseFlowTimesOutLaterGetsNoWindowWithoutItsPackets()
    {
        // 10.77.0.10 and 10.77.0.1 exchange one datagram each way; ten minutes later, long after any idle timeout of
        // that flow, 10.77.0.11 and 10.77.0.1 do the same. 10.77.0.10 had packets in one window only.
        var capture = Path.Combine(_directory.FullName, "later.pcap");
        var start = DateTimeOffset.FromUnixTimeSeconds(1_765_000_000);
        using (var writer = new PcapFileWriter(File.Create(capture)))
        {
            writer.Write(start, Frames.UdpIPv4(10, "10.77.0.10", "10.77.0.1"));
            writer.Write(start.AddMilliseconds(1), Frames.UdpIPv4(10, "10.77.0.1", "10.77.0.10"));
            writer.Write(start.AddMinutes(10), Frames.UdpIPv4(10, "10.77.0.11", "10.77.0.1"));
            writer.Write(start.AddMinutes(10).AddMilliseconds(1), Frames.UdpIPv4(10, "10.77.0.1", "10.77.0.11"));
        }

        var output = Path.Combine(_directory.FullName, "later.csv");
        (await ProbeProgram.ReadAsync(capture, NetworkLab.Devices, output)).EnsureSuccess();

        var windows = ObservedWindows.Read(output);
        Assert.Equal([start], windows.Of("ip-10-77-0-10").Select(w => w.Start));
        Assert.Equal([start.AddMinutes(10)], windows.Of("ip-10-77-0-11").Select(w => w.Start));
        Assert.Equal([start, start.AddMinutes(10)], windows.Of("ip-10-77-0-1").Select(w => w.Start));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
