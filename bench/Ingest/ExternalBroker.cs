using System.Diagnostics;
using System.Net;

namespace DigitalTwin.Ingest;

/// <summary>
/// A broker the bench did not start (<c>--broker host:port</c>). Its CPU is read only when <c>--broker-pid</c> names
/// its process on this machine.
/// </summary>
public sealed class ExternalBroker(string hostAndPort, EndPoint endpoint, Process? process) : IBrokerUnderTest, IDisposable
{
    public string Name => $"broker at {hostAndPort}";

    public string Command => process is null ? $"{hostAndPort} (not started by the bench; its CPU is unknown without --broker-pid)" : $"{hostAndPort}, pid {process.Id}";

    public EndPoint Endpoint => endpoint;

    public int? ProcessId => process?.Id;

    public TimeSpan? ProcessorTime
    {
        get
        {
            if (process is null)
            {
                return null;
            }

            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public string? ExitDescription => process is { HasExited: true } ? $"broker process {process.Id} exited" : null;

    public Task WaitForExitAsync(CancellationToken cancellationToken) =>
        process is null ? Task.Delay(Timeout.Infinite, cancellationToken) : process.WaitForExitAsync(cancellationToken);

    public void Dispose() => process?.Dispose();
}
