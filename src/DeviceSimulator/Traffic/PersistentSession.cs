using DigitalTwin.Behaviour.Traffic;
using DigitalTwin.DeviceSimulator.Packets;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A long-lived TCP connection (an MQTT session with its keepalive, a video stream, a SCADA poll) that carries steady
/// packets window after window and is replaced now and then: the old connection closes, a new one is opened (with a
/// lookup and a TLS handshake when it is the device's) a moment later. At the start of a run the connection is
/// already up, as a probe started mid-stream would find it.
/// It also lives through the device's <paramref name="interruptions"/> (closed by a reboot; forgotten in a power-off,
/// since a cold boot has no memory of it; dead after a Wi-Fi drop: the peer resets it when the device's first segment
/// after the drop arrives) and, for an MQTT session,
/// the site's broker outages (<paramref name="brokerOutages"/>): the broker resets it, and the device's reconnect
/// attempts are refused or unanswered until the broker is back, backing off exponentially up to a minute. After a
/// boot the first TLS handshake fails for some devices, whose clock NTP has not yet set. An accepted session is
/// reconnected by its peer, refused while the rebooted device's service is still starting.
/// <paramref name="driftPerDay"/> changes the packet rates slowly over the run (an aging sensor reporting more often,
/// a scene getting busier).
/// </summary>
internal sealed class PersistentSession(
    Endpoint endpoint,
    bool outbound,
    bool tls,
    double packetsOutPerSecond,
    double packetsInPerSecond,
    double bytesPerPacketOut,
    double bytesPerPacketIn,
    double sizeStd,
    double meanLifetimeSeconds,
    bool followsLoad,
    double retransmissionShare = 0.002,
    double driftPerDay = 0,
    DeviceInterruptions? interruptions = null,
    NetworkEvents? brokerOutages = null) : ITrafficSource
{
    /// <summary>Share of boots after which the first TLS handshake fails: without an RTC the clock is wrong until NTP answers.</summary>
    public const double ClockSkewShare = 0.3;

    private TcpConnection? _connection;
    private TcpConnection? _stale;
    private double _closesAt;
    private double _retryAt;
    private double _serviceUpAt = double.NegativeInfinity;
    private int _failedAttempts;
    private bool _clockSkewed;
    private Interruption? _handled;
    private BrokerOutage? _outage;
    private double _epoch = double.NaN;

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        if (double.IsNaN(_epoch))
        {
            _epoch = window.StartSeconds;
            _connection = window.Resume(endpoint.Address, endpoint.Port, outbound);
            Connected(window.StartSeconds, random);
        }

        var from = 0.0;
        while (true)
        {
            if (_connection is null)
            {
                if (_retryAt >= window.EndSeconds)
                {
                    return;
                }

                from = Reconnect(window, Math.Max(from, _retryAt - window.StartSeconds));
                continue;
            }

            var interruption = interruptions?.Current;
            var next = _closesAt;
            if (interruption is not null && interruption != _handled)
            {
                next = Math.Min(next, interruption.Start);
            }

            if (_outage is { } outage)
            {
                next = Math.Min(next, outage.Start);
            }

            if (next >= window.EndSeconds)
            {
                break;
            }

            var at = Math.Max(from, next - window.StartSeconds);
            Carry(window, from, at);
            from = at;
            if (interruption is not null && interruption != _handled && next == interruption.Start)
            {
                if (interruption.Kind == InterruptionKind.Reboot)
                {
                    window.Close(_connection, at);
                }
                else if (interruption.Kind == InterruptionKind.WifiDrop)
                {
                    _stale = _connection;
                }

                _connection = null;
                Interrupted(interruption, random);
            }
            else if (_outage is { } down && next == down.Start)
            {
                if (down.Refusing)
                {
                    window.Reset(_connection, at + random.Uniform(0, 0.5));
                }

                // A broker that vanished without a reset is noticed when a publish or keepalive goes unanswered.
                _connection = null;
                _outage = null;
                _retryAt = down.Start + (down.Refusing ? random.Uniform(0.5, 3) : random.Uniform(10, 90));
                _failedAttempts = 0;
            }
            else
            {
                window.Close(_connection, at);
                _connection = null;
                _retryAt = _closesAt + random.Uniform(0.05, 2);
            }
        }

        Carry(window, from, window.Seconds);
    }

    private void Interrupted(Interruption interruption, Xoshiro256 random)
    {
        _handled = interruption;
        _retryAt = interruption.End + (interruption.Boots ? random.Uniform(2, 6) : random.Uniform(0.2, 1));
        _clockSkewed = interruption.Boots && outbound && tls && random.Chance(ClockSkewShare);
        _serviceUpAt = interruption.Boots ? interruption.End + random.Uniform(5, 30) : double.NegativeInfinity;
        _failedAttempts = 0;
    }

    /// <summary>Makes the attempt due at <paramref name="at"/>; returns the offset from which the session carries data.</summary>
    private double Reconnect(TrafficWindow window, double at)
    {
        var random = window.Random;
        var now = window.StartSeconds + at;
        if (interruptions?.Current is { } interruption && interruption != _handled && interruption.Start <= now)
        {
            // Off the network before the attempt was due: the attempt waits for the device to be back.
            _stale = null;
            Interrupted(interruption, random);
            return at;
        }

        if (brokerOutages is not null && brokerOutages.NextBrokerOutage(now) is { } outage && outage.Covers(now))
        {
            window.Attempt(at, endpoint.Address, endpoint.Port, outage.Refusing ? endpoint.RoundTrip(random) : double.NaN);
            _failedAttempts++;
            // Exponential backoff with jitter, capped at a minute; an unanswered attempt first waits out its connect timeout.
            _retryAt = now + Math.Min(60, Math.Pow(2, _failedAttempts)) * random.Uniform(0.5, 1.5) + (outage.Refusing ? 0 : 5);
            return at;
        }

        if (!outbound && now < _serviceUpAt)
        {
            window.Refuse(at, endpoint.Address, endpoint.Port, endpoint.RoundTrip(random));
            _retryAt = now + random.Uniform(3, 6);
            return at;
        }

        if (_stale is { } stale)
        {
            // The first segment after the drop reaches a peer that gave up on the connection: it answers with a reset.
            _stale = null;
            if (outbound)
            {
                window.Stream(stale, at, 0.01, 1, 0, (long)bytesPerPacketOut, 0, 0, retransmissions: 2);
                window.Reset(stale, at + endpoint.RoundTrip(random) / 1000);
                at += 0.3;
            }
        }

        if (_clockSkewed)
        {
            _clockSkewed = false;
            var failed = Open(window, at, TlsOutcome.Failed);
            window.Close(failed, at + 0.2, reset: true);
            _retryAt = now + random.Uniform(2, 8);
            return at;
        }

        _connection = Open(window, at, tls ? TlsOutcome.Completed : TlsOutcome.None);
        Connected(now, random);
        return Math.Max(at, (_connection.LastMicros / 1e6) - window.StartSeconds);
    }

    private void Connected(double now, Xoshiro256 random)
    {
        _closesAt = now + random.Exponential(meanLifetimeSeconds);
        _failedAttempts = 0;
        _outage = brokerOutages?.NextBrokerOutage(now);
        if (_outage is { } outage && outage.Start < now)
        {
            // Connected at the very start of the run while the broker is down: the outage begins now for this session.
            _outage = outage with { Start = now };
        }
    }

    private TcpConnection Open(TrafficWindow window, double at, TlsOutcome outcome)
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

        return window.Connect(at, endpoint.Address, endpoint.Port, endpoint.RoundTrip(random), outcome, endpoint.Name);
    }

    private void Carry(TrafficWindow window, double from, double to)
    {
        if (to <= from || _connection is null)
        {
            return;
        }

        var random = window.Random;
        var seconds = to - from;
        var load = (followsLoad ? window.Load : 1) * Math.Clamp(1 + driftPerDay * (window.StartSeconds - _epoch) / 86_400, 0.5, 2);
        var packetsOut = random.Poisson(packetsOutPerSecond * seconds * load);
        var packetsIn = random.Poisson(packetsInPerSecond * seconds * load);
        if (packetsOut + packetsIn == 0)
        {
            return;
        }

        var retransmissions = random.Poisson((packetsOut + packetsIn) * retransmissionShare);
        window.Stream(
            _connection, from, seconds, packetsOut, packetsIn, (long)(packetsOut * bytesPerPacketOut), (long)(packetsIn * bytesPerPacketIn),
            sizeStd, retransmissions);
    }
}
