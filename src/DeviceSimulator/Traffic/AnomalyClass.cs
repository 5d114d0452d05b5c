namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>The anomaly classes a scenario can inject; <see cref="AnomalyCatalog"/> holds their names and defaults.</summary>
public enum AnomalyClass
{
    TrafficSpike,
    ProtocolMix,
    BruteForce,
    PayloadTunnelling,
    TimingAnomaly,
    ConnectionFlood,
    Beacon,
    PortScan,
    DnsTunnelling,
    DataExfiltration,
}
