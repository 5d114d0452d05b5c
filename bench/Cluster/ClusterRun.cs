using DigitalTwin.BenchHost;

namespace DigitalTwin.Cluster;

/// <summary>What one cluster size measured under the load.</summary>
public sealed record ClusterRun(
    int Silos,
    int Devices,
    TimeSpan Duration,
    long Acknowledged,
    long Failed,
    LatencySummary Latency,
    TimeSpan SiloCpu,
    TimeSpan? PostgresCpu,
    long IdleResidentKiB,
    long LoadedResidentKiB,
    long IdleLiveBytes,
    long LoadedLiveBytes,
    int SiloErrors)
{
    public double MessagesPerSecond => Acknowledged / Duration.TotalSeconds;

    public double SiloMicrosecondsPerMessage => Acknowledged == 0 ? 0 : SiloCpu.TotalMicroseconds / Acknowledged;

    public double? PostgresMicrosecondsPerMessage => Acknowledged == 0 || PostgresCpu is null ? null : PostgresCpu.Value.TotalMicroseconds / Acknowledged;

    /// <summary>Resident memory the silos grew by under the load, per device: state, and the GC's working room.</summary>
    public double ResidentKiBPerDevice => (LoadedResidentKiB - IdleResidentKiB) / (double)Devices;

    /// <summary>
    /// Live managed memory (after a full GC in every silo) the devices added, per device: its connection, its session
    /// and its twin with the telemetry window it filled.
    /// </summary>
    public double LiveKiBPerDevice => (LoadedLiveBytes - IdleLiveBytes) / 1024.0 / Devices;
}
