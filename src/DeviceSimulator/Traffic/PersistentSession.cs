using DigitalTwin.Behaviour.Traffic;
using DigitalTwin.DeviceSimulator.Packets;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A long-lived TCP connection (an MQTT session with its keepalive, a video stream, a SCADA poll) that carries steady
/// packets window after window and is replaced now and then: the old connection closes, a new one is opened (with a
/// lookup and a TLS handshake when it is the device's) a moment later. At the start of a run the connection is
/// already up, as a probe started mid-stream would find it.
/// </summary>
public sealed class PersistentSession(
    Endpoint endpoint,
    bool outbound,
    bool tls,
    double packetsOutPerSecond,
    double packetsInPerSecond,
    double bytesPerPacketOut,
    double bytesPerPacketIn,
    double sizeStd,
    double meanLifetimeSeconds,
    bool followsLoad) : ITrafficSource
{
    private TcpConnection? _connection;
    private double _closesAt;

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        var from = 0.0;
        if (_connection is null)
        {
            _connection = window.Resume(endpoint.Address, endpoint.Port, outbound);
            _closesAt = window.StartSeconds + random.Exponential(meanLifetimeSeconds);
        }

        while (_closesAt < window.EndSeconds)
        {
            var closing = _closesAt - window.StartSeconds;
            Carry(window, from, closing);
            window.Close(_connection, closing);
            from = closing + random.Uniform(0.05, 2);
            _connection = Open(window, from);
            _closesAt = window.StartSeconds + from + random.Exponential(meanLifetimeSeconds);
            from = Math.Max(from, (_connection.LastMicros / 1e6) - window.StartSeconds);
        }

        Carry(window, from, window.Seconds);
    }

    private TcpConnection Open(TrafficWindow window, double at)
    {
        var random = window.Random;
        if (!outbound)
        {
            return window.Accept(at, endpoint.Address, endpoint.Port, endpoint.RoundTrip(random));
        }

        if (endpoint.Name is { } name)
        {
            window.Lookup(at, name, nxDomain: false);
            at += 0.01;
        }

        return window.Connect(at, endpoint.Address, endpoint.Port, endpoint.RoundTrip(random), tls ? TlsOutcome.Completed : TlsOutcome.None, endpoint.Name);
    }

    private void Carry(TrafficWindow window, double from, double to)
    {
        if (to <= from || _connection is null)
        {
            return;
        }

        var random = window.Random;
        var seconds = to - from;
        var load = followsLoad ? window.Load : 1;
        var packetsOut = random.Poisson(packetsOutPerSecond * seconds * load);
        var packetsIn = random.Poisson(packetsInPerSecond * seconds * load);
        if (packetsOut + packetsIn == 0)
        {
            return;
        }

        var retransmissions = random.Poisson((packetsOut + packetsIn) * 0.002);
        window.Stream(
            _connection, from, seconds, packetsOut, packetsIn, (long)(packetsOut * bytesPerPacketOut), (long)(packetsIn * bytesPerPacketIn),
            sizeStd, retransmissions);
    }
}
