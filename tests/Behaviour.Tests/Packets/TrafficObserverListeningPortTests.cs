using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Tests.Packets;

/// <summary>listening_ports: the ports the device sent a SYN-ACK from, and nothing else.</summary>
public sealed class TrafficObserverListeningPortTests
{
    private const string Device = "10.0.0.1";
    private const string Remote = "192.0.2.10";

    [Fact]
    public void PortsTheDeviceSentASynAckFromAreListeningOnceEach()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Remote, 50000, Device, 8080).Handshake(1.0);
        traffic.Tcp(Remote, 50001, Device, 8080).Syn(2.0).SynAck(2.01).SynAckAgain(3.0).Ack(3.01);
        traffic.Tcp(Remote, 50002, Device, 22).Handshake(4.0);
        traffic.Complete();

        Assert.Equal(2, traffic.Feature(Device, 0, NetworkFeature.ListeningPorts));
    }

    [Fact]
    public void APortThatRefusesWithAResetIsNotListening()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Remote, 50000, Device, 23).Syn(1.0).ServerReset(1.01);
        traffic.Complete();

        Assert.Equal(0, traffic.Feature(Device, 0, NetworkFeature.ListeningPorts));
    }

    [Fact]
    public void AClientReceivingASynAckIsNotListening()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, Remote, 443).Handshake(1.0);
        traffic.Complete();

        Assert.Equal(0, traffic.Feature(Device, 0, NetworkFeature.ListeningPorts));
    }

    [Fact]
    public void AServerSeenOnlyMidStreamOrAnsweringDatagramsIsNotListening()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Remote, 50000, Device, 80).ClientData(1.0, 100).ServerData(1.1, 1000);
        traffic.Udp(2.0, Remote, 40000, Device, 161, new byte[60]);
        traffic.Udp(2.1, Device, 161, Remote, 40000, new byte[200]);
        traffic.Complete();

        Assert.Equal(0, traffic.Feature(Device, 0, NetworkFeature.ListeningPorts));
    }
}
