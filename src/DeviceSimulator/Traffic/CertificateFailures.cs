using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// TLS handshakes to one of the device's cloud services that fail now and then, <paramref name="perDay"/> episodes a
/// day on average: the server presents an expired certificate during a botched rotation, or a TLS-inspecting middlebox
/// interferes. Each episode is one to three failed handshakes (the server's alert, the device's reset) 5–30 s apart,
/// then one that completes. Benign TLS failures, far slower than a credential brute force.
/// </summary>
internal sealed class CertificateFailures(Endpoint service, double perDay) : ITrafficSource
{
    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        if (!random.Chance(perDay * window.Seconds / 86_400))
        {
            return;
        }

        var at = random.Uniform(0, window.Seconds);
        var failures = 1 + random.NextInt(3);
        for (var i = 0; i <= failures; i++)
        {
            var failed = i < failures;
            window.AddShortSession(
                at, TransportProtocol.Tcp, service.Address, service.Port, failed ? 0.1 : random.Uniform(0.5, 2), 4, 4, 1_200, 2_500, 200,
                service.RoundTrip(random), tls: failed ? TlsOutcome.Failed : TlsOutcome.Completed, serverName: service.Name);
            at += random.Uniform(5, 30);
        }
    }
}
