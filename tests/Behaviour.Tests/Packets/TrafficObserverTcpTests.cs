using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Packets;

namespace DigitalTwin.Behaviour.Tests.Packets;

public sealed class TrafficObserverTcpTests
{
    private const string Client = "10.0.0.1";
    private const string Server = "10.0.0.2";
    private const string Remote = "192.0.2.10";

    [Fact]
    public void ACompleteConnectionBetweenTwoDevicesIsOneSessionOnEachSide()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { DatagramIdleTimeout = TimeSpan.FromSeconds(1) });
        traffic.Udp(-5, Server, 123, "192.0.2.1", 123, new byte[48]); // the server is known before the connection
        traffic.Tcp(Client, 50000, Server, 8080)
            .Syn(1.0).SynAck(1.02).Ack(1.05)
            .ClientData(2.0, 200).ServerData(3.0, 1000)
            .Close(4.0);
        traffic.Complete();

        Assert.Equal(1, traffic.Feature(Client, 0, NetworkFeature.SessionsOpened));
        Assert.Equal(1, traffic.Feature(Server, 0, NetworkFeature.SessionsOpened));
        Assert.Equal(0, traffic.Feature(Client, 0, NetworkFeature.ListeningPorts));
        Assert.Equal(1, traffic.Feature(Server, 0, NetworkFeature.ListeningPorts));
        Assert.Equal(20, traffic.Feature(Client, 0, NetworkFeature.LatencyMean), 6);
        Assert.Equal(30, traffic.Feature(Server, 0, NetworkFeature.LatencyMean), 6);
        // First packet to the last ACK of the close.
        Assert.Equal(3.02, traffic.Feature(Client, 0, NetworkFeature.SessionDurationMean), 6);
        Assert.Equal(3.02, traffic.Feature(Server, 0, NetworkFeature.SessionDurationMean), 6);
        Assert.Equal(5, traffic.Feature(Client, 0, NetworkFeature.PacketsOut));
        Assert.Equal(3, traffic.Feature(Client, 0, NetworkFeature.PacketsIn));
        Assert.Equal(5, traffic.Feature(Server, 0, NetworkFeature.PacketsIn));
        Assert.Equal(20 + 20 + 220 + 20 + 20, traffic.Feature(Client, 0, NetworkFeature.BytesOut));
        Assert.Equal(1, traffic.Feature(Client, 0, NetworkFeature.DistinctDestinationPorts));
        Assert.Equal(0, traffic.Feature(Server, 0, NetworkFeature.DistinctDestinationPorts));
        Assert.Equal(1, traffic.Feature(Client, 0, NetworkFeature.TcpRatio));
        foreach (var host in new[] { Client, Server })
        {
            Assert.Equal(0, traffic.Feature(host, 0, NetworkFeature.FailedConnections));
            Assert.Equal(0, traffic.Feature(host, 0, NetworkFeature.Retransmissions));
        }
    }

    [Fact]
    public void AServerThatHasNotSentYetCountsTheSynItReceivesOnceItAnswers()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Client, 50000, Server, 8080).Syn(1.0).SynAck(1.02).Ack(1.05).Close(2.0);
        traffic.Complete();

        Assert.Equal(1, traffic.Feature(Server, 0, NetworkFeature.SessionsOpened));
        Assert.Equal(1, traffic.Feature(Server, 0, NetworkFeature.ListeningPorts));
        Assert.Equal(30, traffic.Feature(Server, 0, NetworkFeature.LatencyMean), 6);
        Assert.Equal(4, traffic.Feature(Server, 0, NetworkFeature.PacketsIn)); // SYN, ACK, FIN, ACK
    }

    [Fact]
    public void AConnectionOverThreeWindowsOpensInTheFirstAndEndsWithItsWholeSpanInTheThird()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Client, 50000, Remote, 443)
            .Syn(5.0).SynAck(5.03).Ack(5.06)
            .ClientData(15.0, 100)
            .ServerData(25.0, 100)
            .Close(27.0);
        traffic.Complete();

        Assert.Equal(1, traffic.Feature(Client, 0, NetworkFeature.SessionsOpened));
        Assert.Equal(0, traffic.Feature(Client, 0, NetworkFeature.SessionDurationMean));
        Assert.Equal(30, traffic.Feature(Client, 0, NetworkFeature.LatencyMean), 6);
        Assert.Equal(3, traffic.Feature(Client, 0, NetworkFeature.PacketsIn) + traffic.Feature(Client, 0, NetworkFeature.PacketsOut));

        Assert.Equal(0, traffic.Feature(Client, 1, NetworkFeature.SessionsOpened));
        Assert.Equal(0, traffic.Feature(Client, 1, NetworkFeature.SessionDurationMean));
        Assert.Equal(0, traffic.Feature(Client, 1, NetworkFeature.LatencyMean));
        Assert.Equal(1, traffic.Feature(Client, 1, NetworkFeature.PacketsOut));

        Assert.Equal(0, traffic.Feature(Client, 2, NetworkFeature.SessionsOpened));
        Assert.Equal(22.02, traffic.Feature(Client, 2, NetworkFeature.SessionDurationMean), 6);
        Assert.Equal(22.02, traffic.Feature(Client, 2, NetworkFeature.SessionDurationP95), 6);
        Assert.Equal(4, traffic.Feature(Client, 2, NetworkFeature.PacketsIn) + traffic.Feature(Client, 2, NetworkFeature.PacketsOut));
    }

    [Fact]
    public void ANewConnectionOnTheFourTupleOfAClosedOneIsANewSession()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { ClosedLinger = TimeSpan.FromSeconds(2) });
        var connection = traffic.Tcp(Client, 50000, Remote, 443);
        connection.Handshake(1.0).Close(2.0);
        connection.Syn(2.5).SynAck(2.54).Ack(2.56).Close(3.0);
        traffic.Complete();

        Assert.Equal(2, traffic.Feature(Client, 0, NetworkFeature.SessionsOpened));
        Assert.Equal(30, traffic.Feature(Client, 0, NetworkFeature.LatencyMean), 6);
        Assert.Equal((1.02 + 0.52) / 2, traffic.Feature(Client, 0, NetworkFeature.SessionDurationMean), 6);
        Assert.Equal(0, traffic.Feature(Client, 0, NetworkFeature.Retransmissions));
    }

    [Fact]
    public void ARefusedConnectionIsAFailedOneWithoutRoundTrip()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Client, 50000, Remote, 23).Syn(1.0).ServerReset(1.01);
        traffic.Complete();

        Assert.Equal(1, traffic.Feature(Client, 0, NetworkFeature.SessionsOpened));
        Assert.Equal(1, traffic.Feature(Client, 0, NetworkFeature.FailedConnections));
        Assert.Equal(0, traffic.Feature(Client, 0, NetworkFeature.LatencyMean));
    }

    [Fact]
    public void AResetAfterTheHandshakeIsNoFailedConnection()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Client, 50000, Remote, 443).Handshake(1.0).ClientData(2.0, 50).ServerReset(3.0);
        traffic.Complete();

        Assert.Equal(0, traffic.Feature(Client, 0, NetworkFeature.FailedConnections));
        Assert.Equal(2.0, traffic.Feature(Client, 0, NetworkFeature.SessionDurationMean), 6);
    }

    [Fact]
    public void AnUnansweredSynFailsInTheWindowItsConnectTimeoutEnds()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { ConnectTimeout = TimeSpan.FromSeconds(5) });
        traffic.Tcp(Client, 50000, Remote, 443).Syn(9.9);
        traffic.AdvanceTo(30);

        Assert.Equal(1, traffic.Feature(Client, 0, NetworkFeature.SessionsOpened));
        Assert.Equal(0, traffic.Feature(Client, 0, NetworkFeature.FailedConnections));
        Assert.Equal(1, traffic.Feature(Client, 1, NetworkFeature.FailedConnections));
        Assert.Equal(0, traffic.Feature(Client, 1, NetworkFeature.PacketsOut));
        Assert.Null(traffic.WindowOf(Client, 2));
    }

    [Fact]
    public void AnUnansweredSynWhoseTimeoutEndsInTheSameWindowFailsThere()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { ConnectTimeout = TimeSpan.FromSeconds(5) });
        traffic.Tcp(Client, 50000, Remote, 443).Syn(4.0);
        traffic.AdvanceTo(30);

        Assert.Equal(1, traffic.Feature(Client, 0, NetworkFeature.FailedConnections));
        Assert.Null(traffic.WindowOf(Client, 1));
    }

    [Fact]
    public void ARetransmittedDataSegmentCountsOnce()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Client, 50000, Remote, 443).Handshake(1.0).ClientData(2.0, 100).ClientDataAgain(2.5, 100).ClientData(3.0, 100);
        traffic.Complete();

        Assert.Equal(1, traffic.Feature(Client, 0, NetworkFeature.Retransmissions));
    }

    [Fact]
    public void KeepAliveProbesAreNoRetransmissions()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Client, 50000, Remote, 443).Handshake(1.0).ClientData(2.0, 100).ClientKeepAlive(4.0).ClientKeepAlive(6.0, bytes: 1);
        traffic.Complete();

        Assert.Equal(0, traffic.Feature(Client, 0, NetworkFeature.Retransmissions));
    }

    [Fact]
    public void AnAcceptedConnectionWhoseSynAckWasSentAgainGivesTheServerNoRoundTripSample()
    {
        var karn = new ObservedTraffic();
        karn.Tcp(Client, 50000, Server, 8080).Syn(1.0).SynAck(1.01).SynAckAgain(2.01).Ack(2.02);
        karn.Complete();

        Assert.Equal(0, karn.Feature(Server, 0, NetworkFeature.LatencyMean));
        Assert.Equal(1, karn.Feature(Server, 0, NetworkFeature.Retransmissions));
        Assert.Equal(1, karn.Feature(Server, 0, NetworkFeature.ListeningPorts));
    }

    [Fact]
    public void ASynWithANewInitialSequenceOnAnOpenFourTupleIsANewConnection()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Client, 50000, Remote, 443).Handshake(1.0).ClientData(1.5, 100);
        traffic.Packet(2.0, ObservedTraffic.Ip(Client, Remote, 6, Frames.Tcp(50000, 443, 9_000_000, 0, TcpFlags.Syn, [])));
        traffic.Complete();

        Assert.Equal(2, traffic.Feature(Client, 0, NetworkFeature.SessionsOpened));
        Assert.Equal(0, traffic.Feature(Client, 0, NetworkFeature.Retransmissions));
    }

    [Fact]
    public void ASegmentArrivingAfterALaterOneIsNoRetransmissionButItsResendIs()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Client, 50000, Remote, 443).Handshake(1.0);
        void Data(double at, uint sequence) =>
            traffic.Packet(at, ObservedTraffic.Ip(Remote, Client, 6, Frames.Tcp(443, 50000, sequence, 2, TcpFlags.Ack, new byte[100])));

        // The server's data starts at sequence 500,001 (after its SYN-ACK at 500,000): the second segment overtakes the first.
        Data(2.0, 500_101);
        Data(2.1, 500_001);
        Data(2.2, 500_201);
        Data(2.3, 500_001);
        traffic.Complete();

        Assert.Equal(1, traffic.Feature(Client, 0, NetworkFeature.Retransmissions));
    }

    [Fact]
    public void ARetransmittedSynGivesNoRoundTripSample()
    {
        var karn = new ObservedTraffic();
        karn.Tcp(Client, 50000, Remote, 443).Syn(1.0).SynAgain(2.0).SynAck(2.01).Ack(2.02);
        karn.Complete();
        var plain = new ObservedTraffic();
        plain.Tcp(Client, 50000, Remote, 443).Syn(1.0).SynAck(1.01).Ack(1.02);
        plain.Complete();

        Assert.Equal(0, karn.Feature(Client, 0, NetworkFeature.LatencyMean));
        Assert.Equal(1, karn.Feature(Client, 0, NetworkFeature.Retransmissions));
        Assert.Equal(1, karn.Feature(Client, 0, NetworkFeature.SessionsOpened));
        Assert.Equal(10, plain.Feature(Client, 0, NetworkFeature.LatencyMean), 6);
    }

    [Fact]
    public void JitterIsTheSpreadOfTheHandshakeRoundTrips()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Client, 50001, Remote, 443).Syn(1.0).SynAck(1.01).Ack(1.02);
        traffic.Tcp(Client, 50002, Remote, 443).Syn(2.0).SynAck(2.03).Ack(2.04);
        traffic.Complete();

        Assert.Equal(20, traffic.Feature(Client, 0, NetworkFeature.LatencyMean), 6);
        Assert.Equal(10, traffic.Feature(Client, 0, NetworkFeature.Jitter), 6);
    }

    [Fact]
    public void IPv6ConnectionsAreFollowedLikeIPv4Ones()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp("fd00::1", 50000, "2001:db8::10", 443)
            .Syn(1.0).SynAck(1.02).Ack(1.04)
            .ClientData(2.0, 300).ClientDataAgain(2.2, 300)
            .Close(3.0);
        traffic.Tcp("fd00::1", 50001, "2001:db8::10", 22).Syn(4.0).ServerReset(4.01);
        traffic.Complete();

        Assert.Equal(2, traffic.Feature("fd00::1", 0, NetworkFeature.SessionsOpened));
        Assert.Equal(20, traffic.Feature("fd00::1", 0, NetworkFeature.LatencyMean), 6);
        Assert.Equal(1, traffic.Feature("fd00::1", 0, NetworkFeature.Retransmissions));
        Assert.Equal(1, traffic.Feature("fd00::1", 0, NetworkFeature.FailedConnections));
        Assert.Equal(2, traffic.Feature("fd00::1", 0, NetworkFeature.DistinctDestinationPorts));
        Assert.Equal(1, traffic.Feature("fd00::1", 0, NetworkFeature.DistinctDestinationIps));
        Assert.Equal((2.02 + 0.01) / 2, traffic.Feature("fd00::1", 0, NetworkFeature.SessionDurationMean), 6);
    }
}
