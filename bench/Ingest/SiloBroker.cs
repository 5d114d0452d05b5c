using System.Net;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>The embedded broker of a silo the bench started: the platform's ingest path behind it.</summary>
public sealed class SiloBroker(SiloProcess silo, int mqttPort, StorageMode storage) : IBrokerUnderTest
{
    public string Name => storage == StorageMode.Postgres
        ? "silo on PostgreSQL (message log before PUBACK, snapshots behind), embedded MQTT broker"
        : "in-memory silo, embedded MQTT broker";

    public string Command => silo.CommandLine;

    public EndPoint Endpoint { get; } = new IPEndPoint(IPAddress.Loopback, mqttPort);

    public int? ProcessId => silo.Id;

    public TimeSpan? ProcessorTime => silo.ProcessorTime;

    public string? ExitDescription => silo.HasExited ? $"the silo exited with code {silo.ExitCode}" : null;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => silo.WaitForExitAsync(cancellationToken);
}
