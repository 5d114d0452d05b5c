using DigitalTwin.Behaviour.Traffic;
using DigitalTwin.DeviceSimulator.Packets;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Large benign uploads over TLS: <paramref name="perDay"/> a day on average (Poisson), each starting between
/// <paramref name="fromHour"/> and <paramref name="toHour"/> UTC, of <paramref name="minBytes"/> to
/// <paramref name="maxBytes"/> at <paramref name="bytesPerSecond"/> (± 20%): a camera's motion clips to its cloud
/// storage, a nightly configuration and log backup. Outbound volume that a detector keyed on bytes sent alone would
/// take for exfiltration.
/// </summary>
internal sealed class BulkUploads(Endpoint target, double perDay, double fromHour, double toHour, double minBytes, double maxBytes, double bytesPerSecond) : ITrafficSource
{
    private const double UploadPacketBytes = 1_400;

    private readonly List<double> _starts = [];
    private long _day = long.MinValue;
    private int _nextStart;
    private double _end = double.NaN, _rate;
    private TcpConnection? _connection;

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        var day = (long)Math.Floor(window.StartSeconds / 86_400);
        if (day != _day)
        {
            _day = day;
            _starts.Clear();
            _nextStart = 0;
            for (var n = random.Poisson(perDay); n > 0; n--)
            {
                _starts.Add(day * 86_400.0 + random.Uniform(fromHour, toHour) * 3_600);
            }

            _starts.Sort();
        }

        var from = 0.0;
        while (true)
        {
            if (_connection is null)
            {
                // A start that fell during the previous upload joins it (the clip is sent with the one before); one that fell
                // in the last minute still goes, late.
                while (_nextStart < _starts.Count && _starts[_nextStart] < window.StartSeconds - 60)
                {
                    _nextStart++;
                }

                if (_nextStart >= _starts.Count || _starts[_nextStart] >= window.EndSeconds)
                {
                    return;
                }

                from = Math.Max(from, _starts[_nextStart++] - window.StartSeconds);
                if (target.Name is { } name)
                {
                    window.Lookup(from, name, nxDomain: false);
                }

                _connection = window.Connect(from + 0.01, target.Address, target.Port, target.RoundTrip(random), TlsOutcome.Completed, target.Name);
                _rate = bytesPerSecond * random.Uniform(0.8, 1.2);
                from = _connection.LastMicros / 1e6 - window.StartSeconds + 0.001;
                _end = window.StartSeconds + from + random.Uniform(minBytes, maxBytes) / _rate;
            }

            var to = Math.Min(window.Seconds, _end - window.StartSeconds);
            if (to > from)
            {
                var bytesOut = (long)(_rate * (to - from));
                var packetsOut = (int)(bytesOut / UploadPacketBytes) + 1;
                var packetsIn = packetsOut / 2 + 1;
                window.Stream(_connection, from, to - from, packetsOut, packetsIn, bytesOut, packetsIn * 32L, 60, random.Poisson(packetsOut * 0.001));
            }

            if (_end > window.EndSeconds)
            {
                return;
            }

            window.Close(_connection, to);
            _connection = null;
            from = to;
        }
    }
}
