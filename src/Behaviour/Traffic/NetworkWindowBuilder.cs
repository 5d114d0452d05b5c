using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Traffic;

/// <summary>
/// Turns one device's packets into the features of a window (feature schema <see cref="FeatureCatalog.SchemaVersion"/>).
/// It is fed single observations — packets or trains of like packets, sessions opened and ended, handshakes, DNS
/// messages — by the packet-level flow table (<c>DigitalTwin.Behaviour.Packets.TrafficObserver</c>), which the network
/// probe and the simulator both drive. One builder per device, reused window after window: besides the window it keeps
/// what features need of the device's past — recent outbound session starts (a beacon's period shows only over a
/// horizon longer than one window), the endpoints and names it used (<see cref="HostHistory"/>) and damped rates from
/// one minute to one hour (<see cref="DampedRate"/>). Not thread-safe.
/// </summary>
internal sealed class NetworkWindowBuilder
{
    /// <summary>Upper bound on remembered session starts, so a connection flood cannot grow the state without limit.</summary>
    public const int MaxRememberedStarts = 4096;

    private const int SizeBins = 24;
    private const double SizeBinBytes = 64;
    private const double Minute = 60, TenMinutes = 600, Hour = 3_600;
    private const double MicrosPerSecond = 1e6;

    private readonly Queue<double> _recentStarts = new();
    private readonly List<double> _windowStarts = [];
    private readonly List<double> _durations = [];
    private readonly HostHistory _history = new(FeatureCatalog.HistoryCapacity);
    private readonly HashSet<RemoteEndpoint> _newEndpoints = [];
    private readonly HashSet<ulong> _newNames = [];
    private readonly HashSet<UInt128> _addresses = [];
    private readonly HashSet<ushort> _ports = [];
    private readonly HashSet<ushort> _listening = [];
    private readonly HashSet<ulong> _names = [];
    private readonly double[] _sizeHistogram = new double[SizeBins];
    private double[] _slots = new double[10];

    private DateTimeOffset _start;
    private double _seconds;
    private double _startSeconds;
    private long _packetsIn, _packetsOut, _bytesIn, _bytesOut;
    private long _tcp, _udp, _icmp, _other;
    private long _sessions;
    private double _rttCount, _rttSum, _rttSquares;
    private long _retransmissions, _failed, _tlsHandshakes, _tlsFailures;
    private double _sizeCount, _sizeSum, _sizeSquares;
    private int _dnsQueries, _namedQueries, _nxDomains;
    private double _nameLengths, _nameEntropies;
    private long _synOut, _synIn, _rstOut, _rstIn, _finOut, _finIn;
    private long _attempts, _attemptsAnswered;
    private double _periodicMean, _periodicCv = double.PositiveInfinity;
    private bool _open;
    private double? _epoch;
    private double _lastEnd = double.NaN;

    private DampedRate _packets1m = new(Minute), _packets10m = new(TenMinutes), _packets1h = new(Hour);
    private DampedRate _bytesOut10m = new(TenMinutes), _bytesOut1h = new(Hour);
    private DampedRate _sessions1h = new(Hour), _failed1h = new(Hour), _tlsFailures1h = new(Hour);
    private DampedRate _dnsQueries1h = new(Hour), _nxDomains1h = new(Hour), _newEndpoints1h = new(Hour), _newNames1h = new(Hour);

    /// <summary>The start of the window being built (valid between <see cref="Begin"/> and <see cref="Build"/>).</summary>
    public DateTimeOffset Start => _start;


    /// <summary>Starts a window. Windows must follow each other in time for the inter-arrival features to hold.</summary>
    public void Begin(DateTimeOffset start, double seconds)
    {
        if (!(seconds > 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "a window lasts a positive, finite number of seconds");
        }

        _start = start;
        _seconds = seconds;
        _startSeconds = start.ToUnixTimeMilliseconds() / 1000.0;
        var slots = (int)Math.Ceiling(seconds);
        if (_slots.Length != slots)
        {
            _slots = new double[slots];
        }
        else
        {
            Array.Clear(_slots);
        }

        _windowStarts.Clear();
        _durations.Clear();
        Reset(_newEndpoints);
        Reset(_newNames);
        Reset(_addresses);
        Reset(_ports);
        Reset(_listening);
        Reset(_names);
        Array.Clear(_sizeHistogram);
        _packetsIn = _packetsOut = _bytesIn = _bytesOut = 0;
        _tcp = _udp = _icmp = _other = 0;
        _sessions = 0;
        _rttCount = _rttSum = _rttSquares = 0;
        _retransmissions = _failed = _tlsHandshakes = _tlsFailures = 0;
        _sizeCount = _sizeSum = _sizeSquares = 0;
        _dnsQueries = _namedQueries = _nxDomains = 0;
        _nameLengths = _nameEntropies = 0;
        _synOut = _synIn = _rstOut = _rstIn = _finOut = _finIn = 0;
        _attempts = _attemptsAnswered = 0;
        _periodicMean = 0;
        _periodicCv = double.PositiveInfinity;
        _open = true;
    }

    /// <summary>
    /// One packet the device sent (<paramref name="sent"/>) or received, <paramref name="offset"/> seconds into the
    /// window, carrying <paramref name="bytes"/> bytes of IP payload, exchanged with <paramref name="remote"/>.
    /// <paramref name="remotePort"/> counts as a destination port when the device initiated the session.
    /// </summary>
    public void AddPacket(double offset, TransportProtocol protocol, bool sent, int bytes, UInt128 remote, ushort remotePort, bool deviceInitiated) =>
        AddPackets(offset, 0, 1, protocol, sent, bytes, remote, remotePort, deviceInitiated);

    /// <summary>
    /// A train of <paramref name="count"/> like packets, the first at <paramref name="offset"/> and each next one
    /// <paramref name="interval"/> seconds later: the same as adding each packet on its own, at a cost that does not
    /// grow with the count. Times count to the microsecond, as capture times do.
    /// </summary>
    public void AddPackets(double offset, double interval, int count, TransportProtocol protocol, bool sent, int bytes, UInt128 remote, ushort remotePort, bool deviceInitiated)
    {
        EnsureOpen();
        if (count <= 0)
        {
            return;
        }

        if (sent)
        {
            _packetsOut += count;
            _bytesOut += (long)bytes * count;
        }
        else
        {
            _packetsIn += count;
            _bytesIn += (long)bytes * count;
        }

        CountProtocol(protocol, count);
        CountSlots(offset, interval, count);
        _addresses.Add(remote);
        if (deviceInitiated)
        {
            _ports.Add(remotePort);
        }

        _sizeCount += count;
        _sizeSum += (double)bytes * count;
        _sizeSquares += (double)bytes * bytes * count;
        _sizeHistogram[Math.Min(SizeBins - 1, (int)(bytes / SizeBinBytes))] += count;
    }

    /// <summary>The control flags of TCP segments the device sent or received (<paramref name="count"/> alike).</summary>
    public void AddTcpControl(bool sent, bool syn, bool ack, bool rst, bool fin, int count = 1)
    {
        EnsureOpen();
        if (syn && !ack)
        {
            if (sent) { _synOut += count; } else { _synIn += count; }
        }

        if (rst)
        {
            if (sent) { _rstOut += count; } else { _rstIn += count; }
        }

        if (fin)
        {
            if (sent) { _finOut += count; } else { _finIn += count; }
        }
    }

    /// <summary>
    /// A session (TCP connection, UDP or ICMP flow) the device opened (<paramref name="outbound"/>) or accepted, with
    /// the remote endpoint: an outbound session's endpoint goes through the device's history (new destinations, the
    /// rhythm of its starts).
    /// </summary>
    public void AddSessionOpened(double offset, bool outbound, in RemoteEndpoint remote)
    {
        EnsureOpen();
        _sessions++;
        if (!outbound)
        {
            return;
        }

        _windowStarts.Add(offset);
        if (_history.OpenedSession(remote, _startSeconds + offset, out var gapMean, out var gapCv))
        {
            _newEndpoints.Add(remote);
        }
        else if (gapMean > 0 && gapCv < _periodicCv)
        {
            _periodicCv = gapCv;
            _periodicMean = gapMean;
        }
    }

    /// <summary>A TCP connection attempt the device opened with a SYN; <see cref="AddConnectionAnswered"/> when answered.</summary>
    public void AddConnectionAttempt()
    {
        EnsureOpen();
        _attempts++;
    }

    /// <summary>One of this window's connection attempts drew a SYN-ACK or a reset.</summary>
    public void AddConnectionAnswered()
    {
        EnsureOpen();
        _attemptsAnswered++;
    }

    /// <summary>A session that ended in this window, after <paramref name="seconds"/> from its first to its last packet.</summary>
    public void AddSessionEnded(double seconds)
    {
        EnsureOpen();
        _durations.Add(Math.Max(0, seconds));
    }

    /// <summary>A round-trip time measured from a TCP handshake.</summary>
    public void AddRoundTrip(double milliseconds)
    {
        EnsureOpen();
        if (double.IsFinite(milliseconds) && milliseconds >= 0)
        {
            _rttCount++;
            _rttSum += milliseconds;
            _rttSquares += milliseconds * milliseconds;
        }
    }

    public void AddRetransmissions(int count)
    {
        EnsureOpen();
        _retransmissions += count;
    }

    /// <summary>A connection attempt refused, reset before it was established, or never answered.</summary>
    public void AddFailedConnection()
    {
        EnsureOpen();
        _failed++;
    }

    public void AddTlsHandshakeStarted()
    {
        EnsureOpen();
        _tlsHandshakes++;
    }

    public void AddTlsHandshakeFailed()
    {
        EnsureOpen();
        _tlsFailures++;
    }

    /// <summary>A port the device accepted a connection on (it sent a SYN-ACK from it).</summary>
    public void AddListeningPort(ushort port)
    {
        EnsureOpen();
        _listening.Add(port);
    }

    /// <summary>A DNS query the device sent.</summary>
    public void AddDnsQuery(DnsName name)
    {
        EnsureOpen();
        _dnsQueries++;
        if (name.Length == 0)
        {
            // A query whose question could not be read: a query, but no name to count or remember.
            return;
        }

        _names.Add(name.Identity);
        if (_history.Queried(name.Identity))
        {
            _newNames.Add(name.Identity);
        }

        _namedQueries++;
        _nameLengths += name.Length;
        _nameEntropies += name.Entropy;
    }

    /// <summary>An NXDOMAIN answer the device received.</summary>
    public void AddDnsNxDomain()
    {
        EnsureOpen();
        _nxDomains++;
    }

    /// <summary>Closes the window and returns its features.</summary>
    public NetworkWindow Build()
    {
        EnsureOpen();
        _open = false;
        var v = new double[FeatureCatalog.Count];
        double packets = _packetsIn + _packetsOut;
        Set(v, NetworkFeature.PacketsIn, _packetsIn);
        Set(v, NetworkFeature.PacketsOut, _packetsOut);
        Set(v, NetworkFeature.BytesIn, _bytesIn);
        Set(v, NetworkFeature.BytesOut, _bytesOut);
        Set(v, NetworkFeature.PacketRateMean, packets / _seconds);
        Set(v, NetworkFeature.PacketRatePeak, _slots.Max());
        Set(v, NetworkFeature.TcpRatio, Ratio(_tcp, packets));
        Set(v, NetworkFeature.UdpRatio, Ratio(_udp, packets));
        Set(v, NetworkFeature.IcmpRatio, Ratio(_icmp, packets));
        Set(v, NetworkFeature.OtherRatio, Ratio(_other, packets));
        Set(v, NetworkFeature.SessionsOpened, _sessions);
        Set(v, NetworkFeature.SessionDurationMean, _durations.Count == 0 ? 0 : _durations.Average());
        Set(v, NetworkFeature.SessionDurationP95, Percentile95(_durations));
        var rttMean = Ratio(_rttSum, _rttCount);
        Set(v, NetworkFeature.LatencyMean, rttMean);
        Set(v, NetworkFeature.Jitter, _rttCount < 2 ? 0 : Math.Sqrt(Math.Max(0, _rttSquares / _rttCount - rttMean * rttMean)));
        Set(v, NetworkFeature.Retransmissions, _retransmissions);
        Set(v, NetworkFeature.FailedConnections, _failed);
        Set(v, NetworkFeature.DnsQueryRate, _dnsQueries / _seconds);
        Set(v, NetworkFeature.DnsUniqueNames, _names.Count);
        // Means over the names read: an unreadable question has no length or entropy to pull them towards zero.
        Set(v, NetworkFeature.DnsNameLengthMean, Ratio(_nameLengths, _namedQueries));
        Set(v, NetworkFeature.DnsNameEntropyMean, Ratio(_nameEntropies, _namedQueries));
        Set(v, NetworkFeature.DnsNxdomainRatio, Math.Min(1, Ratio(_nxDomains, _dnsQueries)));
        Set(v, NetworkFeature.TlsHandshakes, _tlsHandshakes);
        Set(v, NetworkFeature.TlsFailures, _tlsFailures);
        var sizeMean = Ratio(_sizeSum, _sizeCount);
        Set(v, NetworkFeature.PayloadSizeMean, sizeMean);
        Set(v, NetworkFeature.PayloadSizeStd, _sizeCount == 0 ? 0 : Math.Sqrt(Math.Max(0, _sizeSquares / _sizeCount - sizeMean * sizeMean)));
        Set(v, NetworkFeature.PayloadSizeEntropy, SizeEntropy());
        var (iatMean, iatCv) = InterArrival();
        Set(v, NetworkFeature.InterArrivalMean, iatMean);
        Set(v, NetworkFeature.InterArrivalCv, iatCv);
        Set(v, NetworkFeature.DistinctDestinationIps, _addresses.Count);
        Set(v, NetworkFeature.DistinctDestinationPorts, _ports.Count);
        Set(v, NetworkFeature.ListeningPorts, _listening.Count);
        Set(v, NetworkFeature.SynOut, _synOut);
        Set(v, NetworkFeature.SynIn, _synIn);
        Set(v, NetworkFeature.RstOut, _rstOut);
        Set(v, NetworkFeature.RstIn, _rstIn);
        Set(v, NetworkFeature.FinOut, _finOut);
        Set(v, NetworkFeature.FinIn, _finIn);
        Set(v, NetworkFeature.UnansweredSynRatio, Ratio(Math.Max(0, _attempts - _attemptsAnswered), _attempts));
        Set(v, NetworkFeature.BytesOutRatio, Ratio(_bytesOut, _bytesIn + _bytesOut));
        Set(v, NetworkFeature.NewDestinations, _newEndpoints.Count);
        Set(v, NetworkFeature.NewDnsNames, _newNames.Count);
        SetDamped(v, packets);
        var periodic = double.IsFinite(_periodicCv);
        Set(v, NetworkFeature.PeriodicGapMean, periodic ? _periodicMean : 0);
        Set(v, NetworkFeature.PeriodicGapCv, periodic ? _periodicCv : 0);
        return new NetworkWindow(_start, _seconds, v);
    }

    /// <summary>
    /// Adds the window to the damped rates. Silent time — the windows between this one and the last with traffic, which
    /// the probe never builds and the simulator builds empty — decays what came before step by step, the same whichever
    /// way it was spent, so both give one result; time before the host's first traffic is not counted. An empty window
    /// reports the rates decayed to its end and changes nothing.
    /// </summary>
    private void SetDamped(double[] v, double packets)
    {
        var end = _startSeconds + _seconds;
        var active = packets > 0 || _sessions > 0 || _failed > 0 || _tlsFailures > 0 || _dnsQueries > 0 || _nxDomains > 0;
        var silence = double.IsNaN(_lastEnd) ? 0 : Math.Max(0, end - _lastEnd - (active ? _seconds : 0));
        if (active)
        {
            _lastEnd = end;
        }

        Set(v, NetworkFeature.PacketRate1m, Damp(ref _packets1m, packets, active, silence));
        Set(v, NetworkFeature.PacketRate10m, Damp(ref _packets10m, packets, active, silence));
        Set(v, NetworkFeature.PacketRate1h, Damp(ref _packets1h, packets, active, silence));
        Set(v, NetworkFeature.BytesOutRate10m, Damp(ref _bytesOut10m, _bytesOut, active, silence));
        Set(v, NetworkFeature.BytesOutRate1h, Damp(ref _bytesOut1h, _bytesOut, active, silence));
        Set(v, NetworkFeature.SessionsOpened1h, Damp(ref _sessions1h, _sessions, active, silence) * Hour);
        Set(v, NetworkFeature.FailedConnections1h, Damp(ref _failed1h, _failed, active, silence) * Hour);
        Set(v, NetworkFeature.TlsFailures1h, Damp(ref _tlsFailures1h, _tlsFailures, active, silence) * Hour);
        Set(v, NetworkFeature.DnsQueries1h, Damp(ref _dnsQueries1h, _dnsQueries, active, silence) * Hour);
        Set(v, NetworkFeature.DnsNxdomains1h, Damp(ref _nxDomains1h, _nxDomains, active, silence) * Hour);
        Set(v, NetworkFeature.NewDestinations1h, Damp(ref _newEndpoints1h, _newEndpoints.Count, active, silence) * Hour);
        Set(v, NetworkFeature.NewDnsNames1h, Damp(ref _newNames1h, _newNames.Count, active, silence) * Hour);
    }

    private double Damp(ref DampedRate rate, double count, bool active, double silence)
    {
        if (!active)
        {
            var decayed = rate;
            decayed.AddSilence(silence, _seconds);
            return decayed.PerSecond;
        }

        rate.AddSilence(silence, _seconds);
        rate.Add(count, _seconds);
        return rate.PerSecond;
    }

    private void EnsureOpen()
    {
        if (!_open)
        {
            throw new InvalidOperationException("call Begin before adding to or building a window");
        }
    }

    /// <summary>Empties a set, giving its memory back after an unusually busy window (a scan) so idle devices stay small.</summary>
    private static void Reset<T>(HashSet<T> set)
    {
        var large = set.Count > 1024;
        set.Clear();
        if (large)
        {
            set.TrimExcess();
        }
    }

    /// <summary>
    /// Counts a train's packets into the one-second slots: packet i falls in slot ⌊offset + i·interval⌋. Times are taken
    /// on a microsecond grid, as capture times are, and counted in whole microseconds, so a packet falling exactly on a
    /// slot's start lands in that slot as it does when added alone (in floating point 0.7 + 3 × 0.1 falls short of 1).
    /// </summary>
    private void CountSlots(double offset, double interval, int count)
    {
        var last = _slots.Length - 1;
        var first = (long)Math.Round(offset * MicrosPerSecond);
        var step = (long)Math.Round(interval * MicrosPerSecond);
        var firstSlot = (int)Math.Clamp(Math.Floor(first / MicrosPerSecond), 0, last);
        if (count == 1 || step <= 0)
        {
            _slots[firstSlot] += count;
            return;
        }

        long counted = 0;
        for (var slot = firstSlot; slot <= last && counted < count; slot++)
        {
            // Packets 0 … n−1 fall before the slot's end: first + i·step < (slot + 1) s.
            var before = (slot + 1) * (long)MicrosPerSecond - first;
            var upTo = slot == last ? count : Math.Min(count, (before + step - 1) / step);
            if (upTo > counted)
            {
                _slots[slot] += upTo - counted;
                counted = upTo;
            }
        }
    }

    private void CountProtocol(TransportProtocol protocol, long packets)
    {
        switch (protocol)
        {
            case TransportProtocol.Tcp: _tcp += packets; break;
            case TransportProtocol.Udp: _udp += packets; break;
            case TransportProtocol.Icmp: _icmp += packets; break;
            default: _other += packets; break;
        }
    }

    private double SizeEntropy()
    {
        if (_sizeCount == 0)
        {
            return 0;
        }

        var entropy = 0.0;
        foreach (var count in _sizeHistogram)
        {
            if (count > 0)
            {
                var p = count / _sizeCount;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }

    private (double Mean, double Cv) InterArrival()
    {
        // Start times are kept relative to the first window: as Unix seconds a double keeps only about 0.2 us, which
        // shows in the spread of sub-millisecond gaps.
        _epoch ??= _startSeconds;
        var origin = _startSeconds - _epoch.Value;
        _windowStarts.Sort();
        foreach (var offset in _windowStarts)
        {
            _recentStarts.Enqueue(origin + offset);
            if (_recentStarts.Count > MaxRememberedStarts)
            {
                _recentStarts.Dequeue();
            }
        }

        var horizonStart = origin + _seconds - FeatureCatalog.InterArrivalHorizon.TotalSeconds;
        while (_recentStarts.Count > 0 && _recentStarts.Peek() < horizonStart)
        {
            _recentStarts.Dequeue();
        }

        if (_recentStarts.Count < 3)
        {
            return (0, 0);
        }

        double sum = 0, squares = 0, previous = double.NaN;
        var n = 0;
        foreach (var start in _recentStarts)
        {
            if (!double.IsNaN(previous))
            {
                var gap = start - previous;
                sum += gap;
                squares += gap * gap;
                n++;
            }

            previous = start;
        }

        var mean = sum / n;
        var variance = Math.Max(0, squares / n - mean * mean);
        return (mean, mean > 0 ? Math.Sqrt(variance) / mean : 0);
    }

    private static double Percentile95(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        var rank = (int)Math.Ceiling(0.95 * values.Count) - 1;
        return values[Math.Clamp(rank, 0, values.Count - 1)];
    }

    private static double Ratio(double part, double whole) => whole == 0 ? 0 : part / whole;

    private static void Set(double[] values, NetworkFeature feature, double value) => values[(int)feature] = value;
}
