using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Traffic;

/// <summary>
/// Turns one device's session activity and DNS queries into the features of a window. One builder per device, reused
/// window after window: it keeps the device's recent outbound session starts, because timing features such as a
/// beacon's regular period only show over a horizon longer than one window. Not thread-safe.
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
    private readonly List<double> _lifetimes = [];
    private readonly HashSet<uint> _addresses = [];
    private readonly HashSet<ushort> _ports = [];
    private readonly HashSet<ulong> _names = [];
    private readonly double[] _sizeHistogram = new double[SizeBins];
    private double[] _slots = new double[10];

    private DateTimeOffset _start;
    private double _seconds;
    private long _packetsIn, _packetsOut, _bytesIn, _bytesOut;
    private long _tcp, _udp, _icmp, _other;
    private double _rttWeight, _rttSum, _rttSquares;
    private long _retransmissions, _failed, _tlsHandshakes, _tlsFailures;
    private double _sizeCount, _sizeSum, _sizeSquares;
    private int _dnsQueries, _nxDomains;
    private double _nameLengths, _nameEntropies;
    private bool _open;

    /// <summary>Ports the device listens on during the current window.</summary>
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
        _lifetimes.Clear();
        _addresses.Clear();
        _ports.Clear();
        _names.Clear();
        Array.Clear(_sizeHistogram);
        _packetsIn = _packetsOut = _bytesIn = _bytesOut = 0;
        _tcp = _udp = _icmp = _other = 0;
        _rttWeight = _rttSum = _rttSquares = 0;
        _retransmissions = _failed = _tlsHandshakes = _tlsFailures = 0;
        _sizeCount = _sizeSum = _sizeSquares = 0;
        _dnsQueries = _nxDomains = 0;
        _nameLengths = _nameEntropies = 0;
        _open = true;
    }

    public void Add(in FlowActivity flow)
    {
        EnsureOpen();
        var packets = flow.PacketsIn + flow.PacketsOut;
        _packetsIn += flow.PacketsIn;
        _packetsOut += flow.PacketsOut;
        _bytesIn += flow.BytesIn;
        _bytesOut += flow.BytesOut;
        switch (flow.Protocol)
        {
            case TransportProtocol.Tcp: _tcp += packets; break;
            case TransportProtocol.Udp: _udp += packets; break;
            case TransportProtocol.Icmp: _icmp += packets; break;
            default: _other += packets; break;
        }

        Spread(flow.Offset, flow.ActiveSeconds, packets);
        if (flow.Opened)
        {
            _lifetimes.Add(Math.Max(0, flow.Lifetime));
            if (flow.Outbound)
            {
                _windowStarts.Add(flow.Offset);
            }
        }

        if (!double.IsNaN(flow.RoundTripMs))
        {
            double weight = Math.Max(1, packets);
            _rttWeight += weight;
            _rttSum += weight * flow.RoundTripMs;
            _rttSquares += weight * flow.RoundTripMs * flow.RoundTripMs;
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
        EnsureOpen();
        _dnsQueries++;
        _names.Add(query.Name.Identity);
        _nameLengths += query.Name.Length;
        _nameEntropies += query.Name.Entropy;
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
        Set(v, NetworkFeature.SessionsOpened, _lifetimes.Count);
        Set(v, NetworkFeature.SessionDurationMean, _lifetimes.Count == 0 ? 0 : _lifetimes.Average());
        Set(v, NetworkFeature.SessionDurationP95, Percentile95(_lifetimes));
        var rttMean = _rttWeight == 0 ? 0 : _rttSum / _rttWeight;
        Set(v, NetworkFeature.LatencyMean, rttMean);
        Set(v, NetworkFeature.Jitter, _rttWeight == 0 ? 0 : Math.Sqrt(Math.Max(0, _rttSquares / _rttWeight - rttMean * rttMean)));
        Set(v, NetworkFeature.Retransmissions, _retransmissions);
        Set(v, NetworkFeature.FailedConnections, _failed);
        Set(v, NetworkFeature.DnsQueryRate, _dnsQueries / _seconds);
        Set(v, NetworkFeature.DnsUniqueNames, _names.Count);
        Set(v, NetworkFeature.DnsNameLengthMean, Ratio(_nameLengths, _dnsQueries));
        Set(v, NetworkFeature.DnsNameEntropyMean, Ratio(_nameEntropies, _dnsQueries));
        Set(v, NetworkFeature.DnsNxdomainRatio, Ratio(_nxDomains, _dnsQueries));
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
        Set(v, NetworkFeature.ListeningPorts, ListeningPorts);
        return new NetworkWindow(_start, _seconds, v);
    }

    private void EnsureOpen()
    {
        if (!_open)
        {
            throw new InvalidOperationException("call Begin before adding to or building a window");
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
        var origin = _start.ToUnixTimeMilliseconds() / 1000.0;
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
