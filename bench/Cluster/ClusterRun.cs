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
    int SiloErrors)
{
    public double MessagesPerSecond => Acknowledged / Duration.TotalSeconds;

    public double SiloMicrosecondsPerMessage => Acknowledged == 0 ? 0 : SiloCpu.TotalMicroseconds / Acknowledged;

    public double? PostgresMicrosecondsPerMessage => Acknowledged == 0 || PostgresCpu is null ? null : PostgresCpu.Value.TotalMicroseconds / Acknowledged;

    /// <summary>Resident memory the devices' connections and twins added to the silos, per device.</summary>
    public double KiBPerDevice => (LoadedResidentKiB - IdleResidentKiB) / (double)Devices;
}
