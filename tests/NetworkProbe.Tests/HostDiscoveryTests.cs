using DigitalTwin.NetworkProbe.Tests.Capture;
using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>A host's traffic counts from its first packet, whichever way it went: nothing it received before it first answered is lost.</summary>
public sealed class HostDiscoveryTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-probe-discovery-");

    [Fact]
    public async Task PacketsAHostReceivedBeforeItFirstSentAreCounted()
    {
        // 10.77.0.10 sends two 10-byte datagrams to 10.77.0.1, which then answers once: 18 bytes of IP payload each.
        var capture = Path.Combine(_directory.FullName, "first-received.pcap");
        using (var writer = new PcapFileWriter(File.Create(capture)))
        {
            var start = DateTimeOffset.FromUnixTimeSeconds(1_765_000_000);
            writer.Write(start, Frames.UdpIPv4(10, "10.77.0.10", "10.77.0.1"));
            writer.Write(start.AddMilliseconds(1), Frames.UdpIPv4(10, "10.77.0.10", "10.77.0.1"));
            writer.Write(start.AddMilliseconds(2), Frames.UdpIPv4(10, "10.77.0.1", "10.77.0.10"));
        }

        var output = Path.Combine(_directory.FullName, "first-received.csv");
        (await ProbeProgram.ReadAsync(capture, NetworkLab.Devices, output)).EnsureSuccess();

        var answering = ObservedWindows.Read(output).Of("ip-10-77-0-1").Single();
        Assert.Equal([2, 1, 36, 18], new[] { answering["packets_in"], answering["packets_out"], answering["bytes_in"], answering["bytes_out"] });
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
