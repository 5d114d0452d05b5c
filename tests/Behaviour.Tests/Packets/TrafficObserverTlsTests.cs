using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Packets;
using static DigitalTwin.Behaviour.Tests.Packets.Frames;

namespace DigitalTwin.Behaviour.Tests.Packets;

public sealed class TrafficObserverTlsTests
{
    private const string Device = "10.0.0.5";
    private const string Server = "192.0.2.10";

    [Fact]
    public void AClientHelloAServerHelloAndClientApplicationDataAreACompletedHandshake()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, Server, 443).Handshake(1.0)
            .ClientData(1.1, TlsClientHello("api.example.com"))
            .ServerData(1.2, TlsServerHello())
            .ClientData(1.3, TlsApplicationData(64))
            .Close(2.0);
        traffic.Complete();

        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.TlsHandshakes));
        Assert.Equal(0, traffic.Feature(Device, 0, NetworkFeature.TlsFailures));
    }

    [Fact]
    public void AnAlertDuringTheHandshakeIsAFailure()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, Server, 443).Handshake(1.0)
            .ClientData(1.1, TlsClientHello("api.example.com"))
            .ServerData(1.2, TlsAlert())
            .Close(1.3);
        traffic.Complete();

        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.TlsHandshakes));
        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.TlsFailures));
    }

    [Fact]
    public void AResetDuringTheHandshakeIsAFailure()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, Server, 443).Handshake(1.0)
            .ClientData(1.1, TlsClientHello("api.example.com"))
            .ServerReset(1.2);
        traffic.Complete();

        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.TlsFailures));
        Assert.Equal(0, traffic.Feature(Device, 0, NetworkFeature.FailedConnections));
    }

    [Fact]
    public void AHandshakeStillWithinItsTimeoutWhenTheTrafficEndsIsNoFailure()
    {
        var traffic = new ObservedTraffic();
        traffic.Tcp(Device, 50000, Server, 443).Handshake(1.0).ClientData(1.1, TlsClientHello("api.example.com"));
        traffic.Tcp(Device, 50001, Server, 443).Syn(1.2);
        traffic.Complete();

        // How they would have ended is not known: neither the handshake nor the unanswered SYN counts as failed.
        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.TlsHandshakes));
        Assert.Equal(0, traffic.Feature(Device, 0, NetworkFeature.TlsFailures));
        Assert.Equal(0, traffic.Feature(Device, 0, NetworkFeature.FailedConnections));
        Assert.Equal(2, traffic.Feature(Device, 0, NetworkFeature.SessionsOpened));
    }

    [Fact]
    public void ASilentHandshakeFailsWhenItsTimeoutPasses()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { TlsHandshakeTimeout = TimeSpan.FromSeconds(10), TcpIdleTimeout = TimeSpan.FromMinutes(5) });
        traffic.Tcp(Device, 50000, Server, 443).Handshake(1.0).ClientData(1.1, TlsClientHello("api.example.com"));
        traffic.AdvanceTo(30);

        Assert.Equal(1, traffic.Feature(Device, 0, NetworkFeature.TlsHandshakes));
        Assert.Equal(0, traffic.Feature(Device, 0, NetworkFeature.TlsFailures));
        Assert.Equal(1, traffic.Feature(Device, 1, NetworkFeature.TlsFailures));
        Assert.Equal(0, traffic.Feature(Device, 1, NetworkFeature.SessionDurationMean)); // the connection itself is still open
        traffic.Complete();
        Assert.Single(traffic.Windows, w => w.Window[NetworkFeature.TlsFailures] > 0);
    }

    [Fact]
    public void AHandshakeCompletedAfterItsTimeoutStaysFailed()
    {
        var traffic = new ObservedTraffic(new TrafficObserverOptions { TlsHandshakeTimeout = TimeSpan.FromSeconds(10) });
        traffic.Tcp(Device, 50000, Server, 443).Handshake(1.0)
            .ClientData(1.1, TlsClientHello("api.example.com"))
            .ServerData(12.0, TlsServerHello())
            .ClientData(12.1, TlsApplicationData(64));
        traffic.Complete();

        Assert.Equal(1, traffic.Feature(Device, 1, NetworkFeature.TlsFailures));
        Assert.Equal(1, traffic.Windows.Sum(w => w.Window[NetworkFeature.TlsFailures]));
    }
}
