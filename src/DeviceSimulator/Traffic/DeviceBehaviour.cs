using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Packets;
using DigitalTwin.Behaviour.Traffic;
using DigitalTwin.DeviceSimulator.Packets;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// One simulated device's network behaviour, window after window: its type's normal traffic and its scheduled
/// anomaly episodes, put on the wire as packets (<see cref="TrafficWindow"/>) and turned into features by the network
/// probe's own flow table and window builder (<see cref="TrafficObserver"/>), so simulated and captured windows mean
/// the same. Deterministic for a given seed and episode list as long as windows are asked for in time order; cheap
/// enough to call per device per window in real time. Normal traffic and anomalies draw from separate generators, so a
/// device's normal traffic is the same whether or not an episode is scheduled on it. Not thread-safe.
/// </summary>
public sealed class DeviceBehaviour
{
    /// <summary>Version of the traffic model, written to every dataset row; bump it when generated values change.</summary>
    public const string GeneratorVersion = "dtn-sim/2.3";

    /// <summary>
    /// How long each device runs before the first window it reports, unseen: devices were on the network before the
    /// run, so their histories (new destinations and names) and damped rates start warm, not from nothing.
    /// </summary>
    public static readonly TimeSpan DefaultWarmUp = TimeSpan.FromHours(1);

    // Local ports: normal traffic and anomalies take theirs from separate ranges, so neither shifts the other's.
    private const ushort NormalPorts = 32_768, AnomalyPorts = 49_152;
    private const int PortRange = 16_384;

    // Attacker zones DNS tunnels run under: each episode picks one.
    private static readonly string[] TunnelZones = ["t.cdn-metrics.example.net", "q.telemetry-sync.example.com", "ns.updates-cache.example.org"];

    private readonly PacketSchedule _schedule;
    private readonly TrafficObserver _observer;
    private readonly List<SimulatedPacket> _packets = [];
    private readonly long _windowMicros;
    private readonly DeviceProfile _profile;
    private readonly TrafficWindow _normal;
    private readonly TrafficWindow _anomalous;
    private readonly AnomalyEpisode[] _episodes;
    private readonly IAnomalyInjector?[] _injectors;
    private readonly Xoshiro256 _anomalyRandom;
    private readonly double _windowSeconds;
    private int _firstPending;
    private readonly TimeSpan _warmUp;
    private NetworkWindow? _closed;
    private bool _started;
    private AnomalyEpisode? _lastEnded;

    /// <param name="deviceId">The device's id.</param>
    /// <param name="deviceType">Its type, which picks its traffic profile.</param>
    /// <param name="seed">The device's seed.</param>
    /// <param name="episodes">Its anomaly episodes.</param>
    /// <param name="windowSeconds">Window length: whole milliseconds from 1 s to 1 h; windows start on multiples of it in Unix time.</param>
    /// <param name="index">The device's place in its fleet, which gives it its address (<see cref="AddressOf"/>).</param>
    /// <param name="warmUp">Traffic run before the first window asked for and not reported (<see cref="DefaultWarmUp"/> when null).</param>
    /// <param name="network">The site-wide events the device lives through (those of fleet seed 0 when null); devices of one fleet share them.</param>
    public DeviceBehaviour(string deviceId, string deviceType, ulong seed, IEnumerable<AnomalyEpisode> episodes, double windowSeconds, int index = 0, TimeSpan? warmUp = null, NetworkEvents? network = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        DeviceId = deviceId;
        DeviceType = deviceType;
        Address = AddressOf(index);
        _warmUp = warmUp ?? DefaultWarmUp;
        _windowSeconds = windowSeconds;
        _windowMicros = (long)Math.Round(windowSeconds * 1e6);
        _schedule = new PacketSchedule(_windowMicros);
        _observer = new TrafficObserver(
            new TrafficObserverOptions { Window = TimeSpan.FromMilliseconds(Math.Round(windowSeconds * 1000)), ReportQuietDevices = true },
            (address, _) => address == Address,
            (_, window) => _closed = window);
        _observer.Announce(Address);
        var normalRandom = new Xoshiro256(Xoshiro256.Derive(seed, "traffic"));
        _anomalyRandom = new Xoshiro256(Xoshiro256.Derive(seed, "anomalies"));
        _profile = DeviceProfile.For(deviceType, normalRandom, network ?? new NetworkEvents(0));
        _normal = new TrafficWindow(_schedule, Address, normalRandom, anomalous: false, NormalPorts, PortRange);
        _anomalous = new TrafficWindow(_schedule, Address, _anomalyRandom, anomalous: true, AnomalyPorts, PortRange);
        _episodes = episodes.OrderBy(e => e.Onset).ToArray();
        _injectors = new IAnomalyInjector?[_episodes.Length];
    }

    public string DeviceId { get; }

    public string DeviceType { get; }

    public IReadOnlyList<AnomalyEpisode> Episodes => _episodes;

    /// <summary>The device's IPv4 address on the simulated network: 10.100.0.0/14 in fleet order.</summary>
    public HostAddress Address { get; }

    /// <summary>The packets of the latest window, in time order (trains as one entry), for writing a capture.</summary>
    public IReadOnlyList<SimulatedPacket> Packets => _packets;

    /// <summary>
    /// When set, every packet the device puts on the wire from now on, warm-up included, is appended here (trains as
    /// one entry, in time order): the device's part of a capture file (<see cref="SimulatedCapture"/>).
    /// </summary>
    public List<SimulatedPacket>? PacketLog { get; set; }

    /// <summary>The address of the device at <paramref name="index"/> in its fleet.</summary>
    public static HostAddress AddressOf(int index) =>
        HostAddress.FromIPv4(Endpoint.Ip(10, (byte)(100 + (index >> 16 & 3)), (byte)(index >> 8), (byte)index));

    /// <summary>
    /// The window starting at <paramref name="windowStart"/> (on the window grid, after the previous one): its features
    /// and its ground truth.
    /// </summary>
    public WindowSample Next(DateTimeOffset windowStart)
    {
        var end = windowStart.AddSeconds(_windowSeconds);
        var startMicros = windowStart.ToUnixTimeMilliseconds() * 1000;
        if (startMicros % _windowMicros != 0)
        {
            throw new ArgumentException($"a window starts on a multiple of its length ({_windowSeconds} s) in Unix time, not at {windowStart:O}", nameof(windowStart));
        }

        if (!_started)
        {
            _started = true;
            var warmUpWindows = (long)Math.Ceiling(_warmUp.TotalSeconds / _windowSeconds);
            _observer.AdvanceTo(startMicros - warmUpWindows * _windowMicros);
            for (var w = warmUpWindows; w > 0; w--)
            {
                var warmUpStart = windowStart.AddSeconds(-w * _windowSeconds);
                _normal.Begin(warmUpStart, _windowSeconds, _profile.Cycle.LoadAt(warmUpStart.ToUnixTimeMilliseconds() / 1000.0 + _windowSeconds / 2));
                foreach (var source in _profile.Sources)
                {
                    source.AddTo(_normal);
                }

                Deliver(warmUpStart.ToUnixTimeMilliseconds() * 1000 + _windowMicros);
            }
        }

        var load = _profile.Cycle.LoadAt(windowStart.ToUnixTimeMilliseconds() / 1000.0 + _windowSeconds / 2);
        _normal.Begin(windowStart, _windowSeconds, load);
        _anomalous.Begin(windowStart, _windowSeconds, load);
        foreach (var source in _profile.Sources)
        {
            source.AddTo(_normal);
        }

        while (_firstPending < _episodes.Length && _episodes[_firstPending].Offset <= windowStart)
        {
            _lastEnded = _episodes[_firstPending];
            _firstPending++;
        }

        AnomalyEpisode? current = null;
        for (var i = _firstPending; i < _episodes.Length && _episodes[i].Onset < end; i++)
        {
            var episode = _episodes[i];
            if (!episode.Overlaps(windowStart, end))
            {
                continue;
            }

            var from = Math.Max(0, (episode.Onset - windowStart).TotalSeconds);
            var to = Math.Min(_windowSeconds, (episode.Offset - windowStart).TotalSeconds);
            var strength = episode.StrengthAt(windowStart.AddSeconds((from + to) / 2));
            _injectors[i] ??= CreateInjector(episode);
            _injectors[i]!.AddTo(_anomalous, from, to, strength);
            if (episode.Offset <= end)
            {
                _injectors[i]!.Finish(_anomalous, to);
            }

            current ??= episode;
        }

        var (window, anomalous) = Deliver(startMicros + _windowMicros);

        // Whether the window holds the episode's traffic is read off its packets: a sparse beacon's windows between
        // check-ins are the episode's, without its traffic. When the episode is over but its last packets are not (a
        // SYN sent again, a close), the window holds its traffic and is labelled with it.
        var truth = current is not null ? current.TruthFor(windowStart, end, anomalous)
            : anomalous && _lastEnded is { } ended ? ended.TruthFor(windowStart, end, present: true)
            : GroundTruth.Normal;
        return new WindowSample(window, truth);
    }

    /// <summary>Puts the packets sent before <paramref name="endMicros"/> through the probe's flow table and closes the window.</summary>
    private (NetworkWindow Window, bool Anomalous) Deliver(long endMicros)
    {
        _packets.Clear();
        _schedule.TakeBefore(endMicros, _packets);
        PacketLog?.AddRange(_packets);
        var anomalous = false;
        foreach (var packet in _packets)
        {
            _observer.Observe(packet.Headers, packet.Count, packet.IntervalMicros);
            anomalous |= packet.Anomalous;
        }

        _closed = null;
        _observer.AdvanceTo(endMicros);
        var window = _closed ?? throw new InvalidOperationException($"no window closed for {DeviceId} before {endMicros} µs: windows must be asked for in order");
        return (window, anomalous);
    }

    private IAnomalyInjector CreateInjector(AnomalyEpisode episode)
    {
        var random = _anomalyRandom;
        var parameters = episode.Parameters;
        var external = Endpoint.Ip(185, (byte)(100 + random.NextInt(100)), (byte)random.NextInt(256), (byte)(1 + random.NextInt(254)));
        var lanHost = Endpoint.Ip(10, 0, (byte)random.NextInt(4), (byte)(20 + random.NextInt(200)));
        return episode.Class switch
        {
            AnomalyClass.TrafficSpike => new TrafficSpike(parameters, lanHost),
            AnomalyClass.ProtocolMix => new ProtocolMixShift(parameters, external),
            AnomalyClass.BruteForce => new BruteForce(parameters, lanHost, random),
            AnomalyClass.PayloadTunnelling => new PayloadTunnelling(parameters, external),
            AnomalyClass.TimingAnomaly => new TimingAnomaly(parameters, external),
            AnomalyClass.ConnectionFlood => new ConnectionFlood(parameters, external, random.Chance(0.5) ? (ushort)443 : (ushort)80),
            AnomalyClass.Beacon => new Beacon(parameters, external, new DomainName($"upd{random.NextInt(1000)}.cdn-sync.example.org"), random),
            AnomalyClass.PortScan => new PortScan(parameters, parameters.Variant(AnomalyVariants.Targets) == "host" ? lanHost : Endpoint.Ip(10, 0, 0, 1), random),
            AnomalyClass.DnsTunnelling => new DnsTunnelling(parameters, TunnelZones[random.NextInt(TunnelZones.Length)]),
            AnomalyClass.DataExfiltration => new DataExfiltration(
                parameters, external, new DomainName($"backup-{random.NextInt(100_000):x5}.s3.eu-central-1.amazonaws.com"), random),
            _ => throw new ArgumentOutOfRangeException(nameof(episode), episode.Class, "no injector for this anomaly class"),
        };
    }
}
