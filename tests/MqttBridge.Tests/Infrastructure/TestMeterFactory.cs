using System.Diagnostics.Metrics;

namespace DigitalTwin.MqttBridge.Tests.Infrastructure;

/// <summary>Meters for the ingress's counters outside a host: each test gets its own, nothing collects them.</summary>
public sealed class TestMeterFactory : IMeterFactory
{
    public Meter Create(MeterOptions options) => new(options);

    public void Dispose()
    {
    }
}
