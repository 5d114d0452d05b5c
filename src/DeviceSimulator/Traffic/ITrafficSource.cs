namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>One strand of a device's normal traffic (a persistent session, a heartbeat, lookups); keeps its own schedule.</summary>
internal interface ITrafficSource
{
    void AddTo(TrafficWindow window);
}
