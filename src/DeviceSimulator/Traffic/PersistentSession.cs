using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A long-lived session (an MQTT connection with its keepalive, a video stream, a SCADA poll) that carries steady
/// packets window after window and reconnects now and then: only a reconnect opens a session, does the TLS handshake
/// and resolves the name again.
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
    private double _closesAt = double.NaN;

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        var offset = 0.0;
        var opened = false;
        var lifetime = 0.0;
        if (double.IsNaN(_closesAt))
        {
            // Already connected when the run starts: a run must not open every device's session in its first window.
            _closesAt = window.StartSeconds + random.Exponential(meanLifetimeSeconds);
        }
        else if (window.StartSeconds >= _closesAt)
        {
            offset = random.Uniform(0, window.Seconds * 0.9);
            opened = true;
            lifetime = random.Exponential(meanLifetimeSeconds);
            _closesAt = window.StartSeconds + offset + lifetime;
            if (endpoint.Name is { } name && outbound)
            {
                window.Lookup(Math.Max(0, offset - 0.05), name, nxDomain: false);
            }
        }

        var active = window.Seconds - offset;
        var load = followsLoad ? window.Load : 1;
        var packetsOut = random.Poisson(packetsOutPerSecond * active * load) + (opened ? 6 : 0);
        var packetsIn = random.Poisson(packetsInPerSecond * active * load) + (opened ? 6 : 0);
        if (packetsOut + packetsIn == 0)
        {
            return;
        }

        var bytesOut = (long)(packetsOut * bytesPerPacketOut) + (opened && tls ? 1_800 : 0);
        var bytesIn = (long)(packetsIn * bytesPerPacketIn) + (opened && tls ? 4_200 : 0);
        var retransmissions = endpoint.Protocol == TransportProtocol.Tcp ? random.Poisson((packetsOut + packetsIn) * 0.002) : 0;
        window.Add(new FlowActivity(
            offset, active, endpoint.Protocol, endpoint.Address, endpoint.Port, outbound, opened, lifetime,
            packetsOut, packetsIn, bytesOut, bytesIn, sizeStd, endpoint.RoundTrip(random), retransmissions,
            Failed: false, opened && tls ? TlsOutcome.Completed : TlsOutcome.None));
    }
}
