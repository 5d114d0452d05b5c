using DigitalTwin.Behaviour.Traffic;
using DigitalTwin.DeviceSimulator.Packets;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A bulk upload of <c>rate</c> bytes a second on average over TLS, full-size packets out and only ACKs back. The
/// <c>destination</c> is a bare external <c>address</c> the device never talks to, or a <c>cloud_storage</c> name
/// (resolved first and named in the ClientHello), which looks like any backup. The <c>pacing</c> is one continuous
/// <c>stream</c>, or <c>chunked</c>: every <c>period</c> seconds (±10%) a new connection uploads the period's worth
/// of data at the link's speed and closes.
/// </summary>
public sealed class DataExfiltration : IAnomalyInjector
{
    private const double PacketBytes = 1_400;

    // Bounds the segments sent again per upload (each is its own packet), whatever the rate.
    private const int MaxRetransmissions = 200;

    private readonly AnomalyParameters _parameters;
    private readonly uint _target;
    private readonly DomainName? _name;
    private readonly bool _chunked;
    private readonly double _uploadBytesPerSecond;
    private TcpConnection? _connection;
    private double _nextChunk = double.NaN;

    /// <param name="parameters">The episode's parameters.</param>
    /// <param name="target">The upload's address.</param>
    /// <param name="cloudName">The storage name used when the destination is <c>cloud_storage</c>.</param>
    /// <param name="random">Draws the upload speed of chunks.</param>
    public DataExfiltration(AnomalyParameters parameters, uint target, DomainName cloudName, Xoshiro256 random)
    {
        _parameters = parameters;
        _target = target;
        _name = parameters.Variant(AnomalyVariants.Destination) == "cloud_storage" ? cloudName : null;
        _chunked = parameters.Variant(AnomalyVariants.Pacing) == "chunked";

        // A chunk goes out at the uplink's pace, at least four times the average so uploads stay bursts.
        _uploadBytesPerSecond = Math.Max(4 * parameters.Rate, random.Uniform(1e6, 4e6));
    }

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        if (_chunked)
        {
            AddChunks(window, from, to, intensity);
            return;
        }

        if (_connection is null)
        {
            _connection = Open(window, from);
            from = Math.Min(to, _connection.LastMicros / 1e6 - window.StartSeconds + 0.001);
        }

        var bytesOut = (long)(_parameters.Rate * intensity * (to - from) * random.Uniform(0.9, 1.1));
        Upload(window, _connection, from, to - from, bytesOut);
    }

    public void Finish(TrafficWindow window, double at)
    {
        if (_connection is not null)
        {
            window.Close(_connection, at);
        }
    }

    private void AddChunks(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        var period = Math.Max(1, _parameters.Period);
        if (double.IsNaN(_nextChunk))
        {
            _nextChunk = window.StartSeconds + from;
        }

        while (_nextChunk < window.StartSeconds + to)
        {
            var offset = Math.Max(from, _nextChunk - window.StartSeconds);
            var gap = period * random.Uniform(0.9, 1.1);
            var bytes = (long)(_parameters.Rate * intensity * gap);
            var connection = Open(window, offset);
            var start = connection.LastMicros / 1e6 - window.StartSeconds + 0.001;
            var seconds = bytes / _uploadBytesPerSecond;
            Upload(window, connection, start, seconds, bytes);
            window.Close(connection, start + seconds + 0.01);
            _nextChunk += gap;
        }
    }

    private TcpConnection Open(TrafficWindow window, double offset)
    {
        if (_name is not null)
        {
            window.Lookup(offset, _name, nxDomain: false);
            offset += 0.01;
        }

        return window.Connect(offset, _target, 443, window.Random.Uniform(80, 200), TlsOutcome.Completed, _name);
    }

    private static void Upload(TrafficWindow window, TcpConnection connection, double from, double seconds, long bytesOut)
    {
        var packetsOut = (int)Math.Min(int.MaxValue / 2, bytesOut / PacketBytes) + 1;
        var packetsIn = packetsOut / 2 + 1;
        window.Stream(connection, from, seconds, packetsOut, packetsIn, bytesOut, packetsIn * 32L, 80, Math.Min(MaxRetransmissions, window.Random.Poisson(packetsOut * 0.003)));
    }
}
