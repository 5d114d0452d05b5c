using DigitalTwin.NetworkProbe.Tests.Capture;
using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// An nmap SYN scan of seven server ports, three open (HTTP, TLS, TLS 1.3) and four closed: the scanner reaches many
/// ports and fails often, the server shows the ports it listens on.
/// </summary>
[Collection(NetworkLabCollection.Name)]
public sealed class PortScanTests(NetworkLab lab)
{
    private static readonly int[] OpenPorts = [NetworkLab.HttpPort, NetworkLab.TlsPort, NetworkLab.Tls13OnlyPort];
    private static readonly int[] ClosedPorts = [22, 8080, 9000, 9999];

    private static Task<ProbedCapture>? _scan;

    [Fact]
    public async Task TheServerAnsweredTheOpenPortsWithSynAcksAndTheClosedWithResets()
    {
        var server = (await ScanAsync()).Of(lab.Server.IPv4);
        Assert.Equal(OpenPorts.Order(), server.Sent.Where(p => p.Tcp is { SynAck: true }).Select(p => p.SourcePort!.Value).Distinct().Order());
        Assert.Equal(ClosedPorts.Order(), server.Sent.Where(p => p.Tcp is { Rst: true }).Select(p => p.SourcePort!.Value).Distinct().Order());
    }

    [Fact]
    public async Task TheScannerReachedEveryScannedPort()
    {
        var capture = await ScanAsync();
        var scanner = capture.Of(lab.Scanner.IPv4);
        var windows = capture.Windows.Of(lab.Scanner.DeviceId);
        foreach (var window in windows)
        {
            var expected = scanner.In(window.Start).Where(p => p.Source.Equals(lab.Scanner.IPv4) && p.Tcp is { Syn: true, Ack: false })
                .Select(p => p.DestinationPort).Distinct().Count();
            Assert.Equal(expected, window["distinct_destination_ports"]);
        }

        Assert.True(windows.Sum(w => w["distinct_destination_ports"]) >= OpenPorts.Length + ClosedPorts.Length);
    }

    [Fact]
    public async Task EveryRefusedProbeIsAFailedConnectionOfTheScanner()
    {
        var failed = (await ScanAsync()).Windows.Sum(lab.Scanner.DeviceId, "failed_connections");
        // Closed ports refuse; an open port's SYN-ACK is answered by the scanner's reset before the handshake
        // completes, which also ends an attempt as failed.
        Assert.InRange(failed, ClosedPorts.Length, ClosedPorts.Length + OpenPorts.Length);
    }

    [Fact]
    public async Task TheServersListeningPortsAreTheOpenPortsThatAnswered()
    {
        var capture = await ScanAsync();
        var server = capture.Of(lab.Server.IPv4);
        foreach (var window in capture.Windows.Of(lab.Server.DeviceId))
        {
            Assert.Equal(server.ExpectedFeatures(window.Start)["listening_ports"], window["listening_ports"]);
        }

        Assert.True(capture.Windows.Sum(lab.Server.DeviceId, "listening_ports") >= OpenPorts.Length);
        Assert.Equal(0, capture.Windows.Sum(lab.Scanner.DeviceId, "listening_ports"));
    }

    private Task<ProbedCapture> ScanAsync() => _scan ??= ProbedCapture.RecordAsync(lab, "scan", () =>
        lab.RunCheckedAsync(lab.Scanner, "nmap", "-sS", "-Pn", "-n", "--max-retries", "1",
            "-p", string.Join(',', OpenPorts.Concat(ClosedPorts)), lab.Server.IPv4.ToString()));
}
