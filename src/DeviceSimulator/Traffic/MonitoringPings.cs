using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// The management host's availability check: an ICMP echo request every <paramref name="periodSeconds"/> (± 5%)
/// that the device answers, as Zabbix or Nagios ping the devices they watch. Benign ICMP.
/// </summary>
internal sealed class MonitoringPings(double periodSeconds) : ITrafficSource
{
    private const int EchoBytes = 64;

    private double _next = double.NaN;

    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        if (double.IsNaN(_next))
        {
            _next = window.StartSeconds + random.Uniform(0, periodSeconds);
        }

        while (_next < window.EndSeconds)
        {
            window.Datagrams(_next - window.StartSeconds, 0, TransportProtocol.Icmp, NetworkEvents.ManagementHost, 0, 1, 1, EchoBytes, EchoBytes, 0, outbound: false);
            _next += periodSeconds * random.Uniform(0.95, 1.05);
        }
    }
}
