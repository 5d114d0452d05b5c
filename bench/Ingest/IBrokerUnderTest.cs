using System.Net;

namespace DigitalTwin.Ingest;

/// <summary>The MQTT broker a run drives: the silo's embedded broker, a Mosquitto the bench started, or one given with <c>--broker</c>.</summary>
public interface IBrokerUnderTest
{
    /// <summary>What the report's heading calls it.</summary>
    string Name { get; }

    /// <summary>How it was started (or where it runs), for the report; without passwords.</summary>
    string Command { get; }

    EndPoint Endpoint { get; }

    /// <summary>Its process on this machine; null when unknown (a broker elsewhere).</summary>
    int? ProcessId { get; }

    /// <summary>CPU time of its process so far; null when its process is unknown.</summary>
    TimeSpan? ProcessorTime { get; }

    /// <summary>Completes when its process exits; never for a broker whose process is unknown.</summary>
    Task WaitForExitAsync(CancellationToken cancellationToken);

    /// <summary>Null while running (or unknown); else why it stopped, for the failure message.</summary>
    string? ExitDescription { get; }
}
