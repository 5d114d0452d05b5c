using DigitalTwin.Behaviour.Traffic;
using DigitalTwin.DeviceSimulator.Packets;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A benign burst: on some nights the device downloads a firmware image from the vendor's CDN over TLS, a large
/// inbound transfer for a few minutes. Normal traffic that a detector keyed on volume alone would flag.
/// </summary>
internal sealed class FirmwareUpdate(Endpoint cdn, double dailyProbability, double imageBytes, double bytesPerSecond) : ITrafficSource
{
    private const double DownloadPacketBytes = 1_400;

    private long _day = long.MinValue;
    private double _start = double.NaN, _end = double.NaN;
    private TcpConnection? _connection;

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        var day = (long)Math.Floor(window.StartSeconds / 86_400);
        if (day != _day)
        {
            _day = day;
            _start = _end = double.NaN;
            if (random.Chance(dailyProbability))
            {
                // Vendors roll updates out at night, between 01:00 and 05:00.
                _start = day * 86_400.0 + random.Uniform(1, 5) * 3_600;
                _end = _start + imageBytes * random.Uniform(0.8, 1.2) / bytesPerSecond;
            }
        }

        if (double.IsNaN(_start) || window.EndSeconds <= _start || window.StartSeconds >= _end)
        {
            return;
        }

        var from = Math.Max(0, _start - window.StartSeconds);
        var to = Math.Min(window.Seconds, _end - window.StartSeconds);
        if (_connection is null || _connection.Closed)
        {
            if (cdn.Name is { } name)
            {
                window.Lookup(from, name, nxDomain: false);
            }

            _connection = window.Connect(from + 0.01, cdn.Address, cdn.Port, cdn.RoundTrip(random), TlsOutcome.Completed, cdn.Name);
            from = Math.Min(to, _connection.LastMicros / 1e6 - window.StartSeconds + 0.001);
        }

        var bytesIn = (long)(bytesPerSecond * (to - from) * random.Uniform(0.9, 1.1));
        var packetsIn = (int)(bytesIn / DownloadPacketBytes) + 1;
        var packetsOut = packetsIn / 2 + 1;
        window.Stream(_connection, from, to - from, packetsOut, packetsIn, packetsOut * 32L, bytesIn, 60, random.Poisson(packetsIn * 0.001));
        if (_end <= window.EndSeconds)
        {
            window.Close(_connection, to);
        }
    }
}
