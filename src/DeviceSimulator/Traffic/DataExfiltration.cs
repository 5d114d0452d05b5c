using DigitalTwin.Behaviour.Traffic;
using DigitalTwin.DeviceSimulator.Packets;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A bulk upload to an address the device never talks to: one TLS session that streams <c>rate</c> bytes a second
/// out in full-size packets, with only ACKs coming back.
/// </summary>
public sealed class DataExfiltration(AnomalyParameters parameters, uint target) : IAnomalyInjector
{
    private const double PacketBytes = 1_400;

    private TcpConnection? _connection;

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        if (_connection is null)
        {
            _connection = window.Connect(from, target, 443, random.Uniform(80, 200), TlsOutcome.Completed);
            from = Math.Min(to, _connection.LastMicros / 1e6 - window.StartSeconds + 0.001);
        }

        var bytesOut = (long)(parameters.Rate * intensity * (to - from) * random.Uniform(0.9, 1.1));
        var packetsOut = (int)(bytesOut / PacketBytes) + 1;
        var packetsIn = packetsOut / 2 + 1;
        window.Stream(_connection, from, to - from, packetsOut, packetsIn, bytesOut, packetsIn * 32L, 80, random.Poisson(packetsOut * 0.003));
    }

    public void Finish(TrafficWindow window, double at)
    {
        if (_connection is not null)
        {
            window.Close(_connection, at);
        }
    }
}
