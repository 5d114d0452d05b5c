using System.Diagnostics;
using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>The N benchmark devices: connected in parallel batches, run together, stopped together.</summary>
public sealed class DeviceFleet : IAsyncDisposable
{
    /// <summary>Connections opened at once; small enough not to look like a connection storm to the broker.</summary>
    private const int ConnectBatchSize = 50;

    private const int ConnectAttempts = 3;

    private readonly List<SimulatedDevice> _devices;
    private readonly Dictionary<string, SimulatedDevice> _byId;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _abort = new();
    private Task[] _runs = [];

    public DeviceFleet(int count, int mqttPort, IngestTally tally, BenchErrors errors)
    {
        var width = Math.Max(4, count.ToString(CultureInfo.InvariantCulture).Length);
        _devices = [.. Enumerable.Range(1, count).Select(i => new SimulatedDevice(i, $"bench-{i.ToString("D" + width, CultureInfo.InvariantCulture)}", mqttPort, tally, errors))];
        _byId = _devices.ToDictionary(d => d.Id, StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, SimulatedDevice> ById => _byId;

    public int Connected => _devices.Count(d => d.IsConnected);

    /// <summary>Connects every device, a batch at a time; returns how long it took.</summary>
    public async Task<TimeSpan> ConnectAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var batch in _devices.Chunk(ConnectBatchSize))
        {
            await Task.WhenAll(batch.Select(d => ConnectWithRetryAsync(d, cancellationToken)));
        }

        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Starts every connected device's send loop.</summary>
    public void Start(double ratePerDevice)
    {
        _runs = [.. _devices.Where(d => d.IsConnected).Select(d => Task.Run(() => d.RunAsync(ratePerDevice, _stopping.Token, _abort.Token)))];
    }

    /// <summary>
    /// Stops sending and waits for outstanding PUBACKs; after <paramref name="drainTimeout"/> gives up on
    /// them (each is then counted as an error by its device).
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        await _stopping.CancelAsync();
        var all = Task.WhenAll(_runs);
        if (await Task.WhenAny(all, Task.Delay(drainTimeout)) != all)
        {
            await _abort.CancelAsync();
        }

        try
        {
            await all;
        }
        catch (OperationCanceledException)
        {
            // Devices gave up on their last messages; they counted them.
        }
    }

    public long CountSentWithin(MeasurementWindow window) => _devices.Sum(d => (long)d.CountSentWithin(window));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _abort.CancelAsync();
        foreach (var batch in _devices.Chunk(ConnectBatchSize * 4))
        {
            await Task.WhenAll(batch.Select(d => d.DisconnectAsync()));
        }

        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }

        _stopping.Dispose();
        _abort.Dispose();
    }

    private static async Task ConnectWithRetryAsync(SimulatedDevice device, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= ConnectAttempts; attempt++)
        {
            if (await device.ConnectAsync(cancellationToken))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), cancellationToken);
        }
    }
}
