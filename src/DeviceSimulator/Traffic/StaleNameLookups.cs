namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// A name left in the device's configuration that no longer exists (a decommissioned log or backup server, a typo
/// typed in at installation): asked every <paramref name="periodSeconds"/> (± 10%) and answered NXDOMAIN every time.
/// Benign NXDOMAIN.
/// </summary>
internal sealed class StaleNameLookups(DomainName name, double periodSeconds) : ITrafficSource
{
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
            window.Lookup(_next - window.StartSeconds, name, nxDomain: true);
            _next += periodSeconds * random.Uniform(0.9, 1.1);
        }
    }
}
