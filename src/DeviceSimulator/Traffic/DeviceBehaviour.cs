using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// One simulated device's network behaviour, window after window: its type's normal traffic and its scheduled
/// anomaly episodes, turned into features by one reused <see cref="NetworkWindowBuilder"/>. Deterministic for a
/// given seed and episode list as long as windows are asked for in time order; cheap enough to call per device per
/// window in real time. Normal traffic and anomalies draw from separate generators, so a device's normal traffic is
/// the same whether or not an episode is scheduled on it. Not thread-safe.
/// </summary>
public sealed class DeviceBehaviour
{
    /// <summary>Version of the traffic model, written to every dataset row; bump it when generated values change.</summary>
    public const string GeneratorVersion = "dtn-sim/1.0";

    private readonly NetworkWindowBuilder _builder = new();
    private readonly DeviceProfile _profile;
    private readonly TrafficWindow _normal;
    private readonly TrafficWindow _anomalous;
    private readonly AnomalyEpisode[] _episodes;
    private readonly IAnomalyInjector?[] _injectors;
    private readonly Xoshiro256 _anomalyRandom;
    private readonly double _windowSeconds;
    private int _firstPending;

    public DeviceBehaviour(string deviceId, string deviceType, ulong seed, IEnumerable<AnomalyEpisode> episodes, double windowSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSeconds);
        DeviceId = deviceId;
        DeviceType = deviceType;
        _windowSeconds = windowSeconds;
        var normalRandom = new Xoshiro256(Xoshiro256.Derive(seed, "traffic"));
        _anomalyRandom = new Xoshiro256(Xoshiro256.Derive(seed, "anomalies"));
        _profile = DeviceProfile.For(deviceType, normalRandom);
        _normal = new TrafficWindow(_builder, normalRandom);
        _anomalous = new TrafficWindow(_builder, _anomalyRandom);
        _episodes = episodes.OrderBy(e => e.Onset).ToArray();
        _injectors = new IAnomalyInjector?[_episodes.Length];
    }

    public string DeviceId { get; }

    public string DeviceType { get; }

    public IReadOnlyList<AnomalyEpisode> Episodes => _episodes;

    /// <summary>The window starting at <paramref name="windowStart"/>: its features and its ground truth.</summary>
    public WindowSample Next(DateTimeOffset windowStart)
    {
        var end = windowStart.AddSeconds(_windowSeconds);
        var load = _profile.Cycle.LoadAt(windowStart.ToUnixTimeMilliseconds() / 1000.0 + _windowSeconds / 2);
        _builder.Begin(windowStart, _windowSeconds);
        _normal.Begin(windowStart, _windowSeconds, load);
        _anomalous.Begin(windowStart, _windowSeconds, load);
        foreach (var source in _profile.Sources)
        {
            source.AddTo(_normal);
        }

        var truth = GroundTruth.Normal;
        while (_firstPending < _episodes.Length && _episodes[_firstPending].Offset <= windowStart)
        {
            _firstPending++;
        }

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
            if (truth == GroundTruth.Normal)
            {
                // The traffic model does not yet report whether the injector put packets in this window; until it
                // does, every window of an episode is labelled as holding the episode's traffic.
                truth = episode.TruthFor(windowStart, end, present: true);
            }
        }

        _builder.ListeningPorts = _profile.ListeningPorts;
        return new WindowSample(_builder.Build(), truth);
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
            AnomalyClass.BruteForce => new BruteForce(parameters, lanHost),
            AnomalyClass.PayloadTunnelling => new PayloadTunnelling(parameters, external),
            AnomalyClass.TimingAnomaly => new TimingAnomaly(parameters, external),
            AnomalyClass.ConnectionFlood => new ConnectionFlood(parameters, external),
            AnomalyClass.Beacon => new Beacon(parameters, external, DnsName.Of($"upd{random.NextInt(1000)}.cdn-sync.example.org")),
            AnomalyClass.PortScan => new PortScan(parameters, Endpoint.Ip(10, 0, 0, 1), random),
            AnomalyClass.DnsTunnelling => new DnsTunnelling(parameters),
            AnomalyClass.DataExfiltration => new DataExfiltration(parameters, external),
            _ => throw new ArgumentOutOfRangeException(nameof(episode), episode.Class, "no injector for this anomaly class"),
        };
    }
}
