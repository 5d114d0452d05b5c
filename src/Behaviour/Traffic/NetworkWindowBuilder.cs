using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Traffic;

/// <summary>
/// Turns one device's traffic into the features of a window (feature schema <see cref="FeatureCatalog.SchemaVersion"/>).
/// It is fed at two grains that mean the same: single observations of packets, sessions, handshakes and DNS messages
/// (the network probe's flow table, <c>DigitalTwin.Behaviour.Packets</c>), or a whole session's activity in the window
/// as a <see cref="FlowActivity"/> (the simulator), which is broken down into the same observations. One builder per
/// device, reused window after window: it keeps the device's recent outbound session starts, because timing features
/// such as a beacon's regular period only show over a horizon longer than one window, and the planned ends of the
/// simulator's sessions that outlast their first window. Not thread-safe.
/// </summary>
public sealed class NetworkWindowBuilder
{
    /// <summary>Upper bound on remembered session starts, so a connection flood cannot grow the state without limit.</summary>
    public const int MaxRememberedStarts = 4096;

    private const int SizeBins = 24;
    private const double SizeBinBytes = 64;

    // Five equal-probability points of a normal distribution: a session's packets are spread over the size
    // histogram at these multiples of its standard deviation, which is cheap and deterministic.
    private static readonly double[] SpreadPoints = [-1.2816, -0.5244, 0, 0.5244, 1.2816];

    private readonly Queue<double> _recentStarts = new();
    private readonly List<double> _windowStarts = [];
    private readonly List<double> _durations = [];
    private readonly PriorityQueue<double, double> _pendingEnds = new();
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
    private int _dnsQueries, _nxDomains;
    private double _nameLengths, _nameEntropies;
    private bool _open;
    private double? _epoch;

    /// <summary>
    /// Ports the device is known to listen on during the current window, on top of those it was seen accepting
    /// connections on (<see cref="AddListeningPort"/>): the simulator's declared services.
    /// </summary>
    public int ListeningPorts { get; set; }


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
        _dnsQueries = _nxDomains = 0;
        _nameLengths = _nameEntropies = 0;
        _open = true;
        ReportPendingEnds();
    }

    /// <summary>
    /// One packet the device sent (<paramref name="sent"/>) or received, <paramref name="offset"/> seconds into the
    /// window, carrying <paramref name="bytes"/> bytes of IP payload, exchanged with <paramref name="remote"/>.
    /// <paramref name="remotePort"/> counts as a destination port when the device initiated the session.
    /// </summary>
    public void AddPacket(double offset, TransportProtocol protocol, bool sent, int bytes, UInt128 remote, ushort remotePort, bool deviceInitiated)
    {
        EnsureOpen();
        if (sent)
        {
            _packetsOut++;
            _bytesOut += bytes;
        }
        else
        {
            _packetsIn++;
            _bytesIn += bytes;
        }

        CountProtocol(protocol, 1);
        _slots[Math.Clamp((int)offset, 0, _slots.Length - 1)]++;
        _addresses.Add(remote);
        if (deviceInitiated)
        {
            _ports.Add(remotePort);
        }

        _sizeCount++;
        _sizeSum += bytes;
        _sizeSquares += (double)bytes * bytes;
        _sizeHistogram[Math.Min(SizeBins - 1, (int)(bytes / SizeBinBytes))]++;
    }

    /// <summary>A session (TCP connection, UDP or ICMP flow) the device opened (<paramref name="outbound"/>) or accepted.</summary>
    public void AddSessionOpened(double offset, bool outbound)
    {
        EnsureOpen();
        _sessions++;
        if (outbound)
        {
            _windowStarts.Add(offset);
        }
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
        _names.Add(name.Identity);
        _nameLengths += name.Length;
        _nameEntropies += name.Entropy;
    }

    /// <summary>An NXDOMAIN answer the device received.</summary>
    public void AddDnsNxDomain()
    {
        EnsureOpen();
        _nxDomains++;
    }

    /// <summary>
    /// One session's activity in the window, as the simulator plans it: its packets spread evenly over its active
    /// span with sizes around their mean, its handshake round trip (TCP, in the window it opened), and its duration
    /// in the window it ends (remembered until then when it outlasts this window).
    /// </summary>
    public void Add(in FlowActivity flow)
    {
        EnsureOpen();
        var packets = flow.PacketsIn + flow.PacketsOut;
        _packetsIn += flow.PacketsIn;
        _packetsOut += flow.PacketsOut;
        _bytesIn += flow.BytesIn;
        _bytesOut += flow.BytesOut;
        CountProtocol(flow.Protocol, packets);
        Spread(flow.Offset, flow.ActiveSeconds, packets);
        if (flow.Opened)
        {
            AddSessionOpened(flow.Offset, flow.Outbound);
            var lifetime = Math.Max(0, flow.Lifetime);
            if (flow.Offset + lifetime <= _seconds)
            {
                _durations.Add(lifetime);
            }
            else if (_pendingEnds.Count < MaxRememberedStarts)
            {
                var end = _startSeconds + flow.Offset + lifetime;
                _pendingEnds.Enqueue(lifetime, end);
            }

            if (flow.Protocol == TransportProtocol.Tcp)
            {
                AddRoundTrip(flow.RoundTripMs);
            }
        }

        _retransmissions += flow.Retransmissions;
        if (flow.Failed)
        {
            _failed++;
        }

        if (flow.Tls != TlsOutcome.None)
        {
            _tlsHandshakes++;
            if (flow.Tls == TlsOutcome.Failed)
            {
                _tlsFailures++;
            }
        }

        _addresses.Add(flow.RemoteAddress);
        if (flow.Outbound)
        {
            _ports.Add(flow.RemotePort);
        }

        AddSizes(packets, flow.BytesIn + flow.BytesOut, flow.PayloadSizeStd);
    }

    public void Add(in DnsQuery query)
    {
        AddDnsQuery(query.Name);
        if (query.NxDomain)
        {
            _nxDomains++;
        }
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
        Set(v, NetworkFeature.DnsNameLengthMean, Ratio(_nameLengths, _dnsQueries));
        Set(v, NetworkFeature.DnsNameEntropyMean, Ratio(_nameEntropies, _dnsQueries));
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
        Set(v, NetworkFeature.ListeningPorts, Math.Max(ListeningPorts, _listening.Count));
        return new NetworkWindow(_start, _seconds, v);
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

    /// <summary>The simulator's sessions that end within this window, planned when they opened in an earlier one.</summary>
    private void ReportPendingEnds()
    {
        var end = _startSeconds + _seconds;
        while (_pendingEnds.TryPeek(out var lifetime, out var at) && at < end)
        {
            _pendingEnds.Dequeue();
            if (at >= _startSeconds)
            {
                _durations.Add(lifetime);
            }
        }
    }

    private void Spread(double offset, double active, int packets)
    {
        if (packets == 0)
        {
            return;
        }

        var from = Math.Clamp(offset, 0, _seconds);
        var to = Math.Clamp(offset + Math.Max(0, active), from, _seconds);
        var first = Math.Min((int)from, _slots.Length - 1);
        var last = Math.Min((int)to, _slots.Length - 1);
        if (first == last || to - from <= 0)
        {
            _slots[first] += packets;
            return;
        }

        var perSecond = packets / (to - from);
        for (var slot = first; slot <= last; slot++)
        {
            var overlap = Math.Min(to, slot + 1) - Math.Max(from, slot);
            _slots[slot] += perSecond * Math.Max(0, overlap);
        }
    }

    private void AddSizes(int packets, long bytes, double std)
    {
        if (packets <= 0)
        {
            return;
        }

        var mean = (double)bytes / packets;
        std = double.IsFinite(std) ? Math.Max(0, std) : 0;
        _sizeCount += packets;
        _sizeSum += bytes;
        _sizeSquares += packets * (std * std + mean * mean);
        var share = packets / (double)SpreadPoints.Length;
        foreach (var z in SpreadPoints)
        {
            var size = Math.Max(0, mean + z * std);
            _sizeHistogram[Math.Min(SizeBins - 1, (int)(size / SizeBinBytes))] += share;
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
