using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A short session opened on a timer: a cloud heartbeat, a camera's snapshot upload, an NTP poll. Benign and
/// periodic, so a detector cannot treat periodic connections alone as a beacon. The name is resolved again when its
/// DNS TTL has run out.
/// </summary>
internal sealed class PeriodicSession(
    Endpoint endpoint,
    double periodSeconds,
    double jitter,
    double lifetimeSeconds,
    int packetsOut,
    int packetsIn,
    long bytesOut,
    long bytesIn,
    double sizeStd,
    bool tls,
    double dnsTtlSeconds) : ITrafficSource
{
    private double _next = double.NaN;
    private double _resolvedUntil = double.NegativeInfinity;

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        if (double.IsNaN(_next))
        {
            _next = window.StartSeconds + random.Uniform(0, periodSeconds);
        }

        while (_next < window.EndSeconds)
        {
            var offset = _next - window.StartSeconds;
            if (endpoint.Name is { } name && _next >= _resolvedUntil)
            {
                window.Lookup(offset, name, nxDomain: false);
                _resolvedUntil = _next + dnsTtlSeconds;
            }

            var scale = random.Uniform(0.8, 1.2);
            window.AddShortSession(
                offset + 0.03, endpoint.Protocol, endpoint.Address, endpoint.Port, lifetimeSeconds * scale,
                packetsOut, packetsIn, (long)(bytesOut * scale), (long)(bytesIn * scale), sizeStd,
                endpoint.RoundTrip(random), tls: tls ? TlsOutcome.Completed : TlsOutcome.None);
            _next += periodSeconds * (1 + jitter * random.Uniform(-1, 1));
        }
    }
}
