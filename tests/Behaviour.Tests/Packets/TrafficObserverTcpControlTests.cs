using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Packets;

namespace DigitalTwin.Behaviour.Tests.Packets;

/// <summary>syn_out, syn_in, rst_out, rst_in, fin_out and fin_in: TCP segments by their control flags, from the device's side.</summary>
public sealed class TrafficObserverTcpControlTests
{
    private const string Device = "10.0.0.1";
    private const string Remote = "192.0.2.10";

    [Fact]
    public void AClientCountsItsSynSentAgainAndBothFinsButNotTheSynAck()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, Remote, 443)
            .Syn(1.0).SynAgain(2.0).SynAck(2.05).Ack(2.1)
            .ClientData(3.0, 100).ServerData(3.1, 1000)
            .Close(4.0);
        traffic.Complete();

        AssertControl(traffic, synOut: 2, synIn: 0, rstOut: 0, rstIn: 0, finOut: 1, finIn: 1);
    }

    [Fact]
    public void AServerCountsTheSynsItReceivesAndTheResetItSendsButNotItsSynAck()
    {
        var traffic = new ObservedTraffic();
        traffic.Udp(0.5, Device, 123, "192.0.2.1", 123, new byte[48]); // the server is known before the connection
        traffic.Tcp(Remote, 50000, Device, 8080)
            .Syn(1.0).SynAgain(1.5).SynAck(1.6).Ack(1.7)
            .ClientData(2.0, 100)
            .ClientFin(3.0)
            .ServerReset(3.1);
        traffic.Complete();

        AssertControl(traffic, synOut: 0, synIn: 2, rstOut: 1, rstIn: 0, finOut: 0, finIn: 1);
    }

    [Fact]
    public void AClientRefusedWithARstAckCountsOneResetReceived()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, Remote, 23).Syn(1.0).ServerReset(1.02);
        traffic.Complete();

        AssertControl(traffic, synOut: 1, synIn: 0, rstOut: 0, rstIn: 1, finOut: 0, finIn: 0);
    }

    [Fact]
    public void ADeviceAtBothEndsCountsEachSegmentOnceOnEachSide()
    {
        const string server = "10.0.0.2";
        var traffic = new ObservedTraffic();
        traffic.Udp(0.5, server, 123, "192.0.2.1", 123, new byte[48]);
        traffic.Tcp(Device, 50000, server, 80).Syn(1.0).SynAgain(1.5).SynAck(1.6).Ack(1.7).Close(2.0);
        traffic.Tcp(Device, 50001, server, 81).Syn(3.0).ServerReset(3.01);
        traffic.Complete();

        AssertControl(traffic, synOut: 3, synIn: 0, rstOut: 0, rstIn: 1, finOut: 1, finIn: 1);
        AssertControl(traffic, synOut: 0, synIn: 3, rstOut: 1, rstIn: 0, finOut: 1, finIn: 1, host: server);
    }

    private static void AssertControl(ObservedTraffic traffic, int synOut, int synIn, int rstOut, int rstIn, int finOut, int finIn, string host = Device)
    {
        Assert.Equal(
            new double[] { synOut, synIn, rstOut, rstIn, finOut, finIn },
            new[] { NetworkFeature.SynOut, NetworkFeature.SynIn, NetworkFeature.RstOut, NetworkFeature.RstIn, NetworkFeature.FinOut, NetworkFeature.FinIn }
                .Select(f => traffic.Feature(host, 0, f)));
    }
}
