using System.Diagnostics;
using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>The N acking devices: connected in parallel batches, disconnected together.</summary>
public sealed class AckingFleet : IAsyncDisposable
{
    /// <summary>Connections opened at once; small enough not to look like a connection storm to the broker.</summary>
    private const int ConnectBatchSize = 50;

    private readonly List<AckingDevice> _devices;

    // secrets: each device's own secret (username = its id), when the broker authenticates devices.
    public AckingFleet(IReadOnlyList<string> ids, int mqttPort, BrokerTransport transport, IReadOnlyDictionary<string, string>? secrets, TimeSpan executionDelay, CommandLedger ledger, BenchErrors errors)
    {
        _devices = [.. ids.Select(id => new AckingDevice(id, mqttPort, transport.For(id, secrets), executionDelay, ledger, errors))];
    }

    public int Connected => _devices.Count(d => d.IsConnected);

    /// <summary>Device ids <c>cmd-0001</c>...: valid twin ids, sorted like the numbers they carry.</summary>
    public static IReadOnlyList<string> IdsFor(int count)
    {
        var width = Math.Max(4, count.ToString(CultureInfo.InvariantCulture).Length);
        return [.. Enumerable.Range(1, count).Select(i => "cmd-" + i.ToString("D" + width, CultureInfo.InvariantCulture))];
    }

    /// <summary>Connects every device and announces it online, a batch at a time; returns how long it took.</summary>
    public async Task<TimeSpan> ConnectAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var batch in _devices.Chunk(ConnectBatchSize))
        {
            await Task.WhenAll(batch.Select(d => d.ConnectAsync(cancellationToken)));
        }

        return Stopwatch.GetElapsedTime(started);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var batch in _devices.Chunk(ConnectBatchSize * 4))
        {
            await Task.WhenAll(batch.Select(d => d.DisconnectAsync()));
        }

        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }
    }
}
