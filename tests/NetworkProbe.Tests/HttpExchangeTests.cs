using DigitalTwin.NetworkProbe.Tests.Capture;
using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// Session features of one HTTP exchange (curl fetching a small page): one connection opened by the client and
/// accepted by the server, its handshake round trip seen from each side, its lifetime, the server's listening port.
/// </summary>
[Collection(NetworkLabCollection.Name)]
public sealed class HttpExchangeTests(NetworkLab lab)
{
    private static Task<ProbedCapture>? _exchange;

    [Fact]
    public async Task TheClientOpenedOneSessionToOnePortAndTheServerAcceptedIt()
    {
        var capture = await ExchangeAsync();
        Assert.Single(capture.Of(lab.Client.IPv4).Handshakes());
        Assert.Equal(1, capture.Windows.Sum(lab.Client.DeviceId, "sessions_opened"));
        Assert.Equal(1, capture.Windows.Sum(lab.Server.DeviceId, "sessions_opened"));
        Assert.Equal(1, capture.Windows.Sum(lab.Client.DeviceId, "distinct_destination_ports"));
        Assert.Equal(0, capture.Windows.Sum(lab.Server.DeviceId, "distinct_destination_ports"));
    }

    [Fact]
    public async Task NothingFailedNothingWasRetransmittedAndNoTlsWasSpoken()
    {
        var capture = await ExchangeAsync();
        foreach (var device in new[] { lab.Client.DeviceId, lab.Server.DeviceId })
        {
            Assert.Equal(0, capture.Windows.Sum(device, "failed_connections"));
            Assert.Equal(0, capture.Windows.Sum(device, "retransmissions"));
            Assert.Equal(0, capture.Windows.Sum(device, "tls_handshakes"));
            Assert.Equal(0, capture.Windows.Sum(device, "tls_failures"));
        }
    }

    [Fact]
    public async Task TheServerListensOnTheHttpPortInTheWindowOfItsSynAck()
    {
        var capture = await ExchangeAsync();
        var handshake = capture.Of(lab.Server.IPv4).Handshakes().Single();
        foreach (var window in capture.Windows.Of(lab.Server.DeviceId))
        {
            var expected = window.Start == handshake.SynAck.WindowStart(ProbedCapture.WindowSeconds) ? 1 : 0;
            Assert.Equal(expected, window["listening_ports"]);
        }

        Assert.Equal(NetworkLab.HttpPort, handshake.SynAck.SourcePort);
        Assert.Equal(0, capture.Windows.Sum(lab.Client.DeviceId, "listening_ports"));
    }

    [Fact]
    public async Task LatencyIsTheHandshakeRoundTripSeenFromEachSide()
    {
        var capture = await ExchangeAsync();
        var handshake = capture.Of(lab.Client.IPv4).Handshakes().Single();
        var client = capture.Windows.Of(lab.Client.DeviceId).Single(w => w.Start == handshake.SynAck.WindowStart(ProbedCapture.WindowSeconds));
        Assert.Equal(handshake.ClientRttMs, client["latency_mean"], 3);
        Assert.Equal(0, client["jitter"]);
        var server = capture.Windows.Of(lab.Server.DeviceId).Single(w => w.Start == handshake.Ack!.WindowStart(ProbedCapture.WindowSeconds));
        Assert.Equal(handshake.ServerRttMs!.Value, server["latency_mean"], 3);
        Assert.Equal(0, server["jitter"]);
    }

    [Fact]
    public async Task TheSessionsDurationIsFromItsFirstToItsLastPacketInTheWindowItEnded()
    {
        var capture = await ExchangeAsync();
        var packets = capture.Of(lab.Client.IPv4).Packets.Where(p => p.Tcp is not null).ToList();
        Assert.Equal(2, packets.Count(p => p.Tcp!.Fin));
        var duration = (double)(packets[^1].Time - packets[0].Time);
        foreach (var device in new[] { lab.Client.DeviceId, lab.Server.DeviceId })
        {
            var ended = capture.Windows.Of(device).Where(w => w["session_duration_mean"] > 0).ToList();
            var window = Assert.Single(ended);
            Assert.Equal(packets[^1].WindowStart(ProbedCapture.WindowSeconds), window.Start);
            // Within a millisecond: whether the end is the second FIN or the ACK after it is the probe's choice.
            Assert.Equal(duration, window["session_duration_mean"], 3);
            Assert.Equal(duration, window["session_duration_p95"], 3);
        }
    }

    private Task<ProbedCapture> ExchangeAsync() => _exchange ??= ProbedCapture.RecordAsync(lab, "http", () =>
        lab.RunCheckedAsync(lab.Client, "curl", "-sS", "-o", "/dev/null", "--max-time", "20", $"http://{lab.Server.IPv4}/hello.txt"));
}
