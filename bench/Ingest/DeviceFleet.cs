using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DigitalTwin.BenchHost;
using DigitalTwin.Ingest.Mqtt;

namespace DigitalTwin.Ingest;

/// <summary>
/// The N benchmark devices: connected in parallel batches, run together, stopped together. One pacer task sends
/// what is due at a fixed rate and keeps idle connections alive; in a closed loop each device's receive loop does
/// the sending itself.
/// </summary>
public sealed class DeviceFleet : IAsyncDisposable
{
    /// <summary>Connections opened at once; small enough not to look like a connection storm to the broker.</summary>
    private const int ConnectBatchSize = 50;

    private const int ConnectAttempts = 3;

    /// <summary>
    /// How often the pacer sends what is due at a fixed rate, at most: the send time is taken per batch, so this bounds
    /// burstiness, not the measured latency.
    /// </summary>
    private static readonly TimeSpan ShortestRateTick = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// How often the pacer looks at least. Every tick visits every device: at 5 ms, 20,000 devices sending once every
    /// 10 s cost the generator 0.75 cores of looking for the one message in 2,000 that is due.
    /// </summary>
    private static readonly TimeSpan LongestRateTick = TimeSpan.FromMilliseconds(100);

    /// <summary>Ticks per device interval: a device's message leaves within 1 % of its interval from when it was due.</summary>
    private const int TicksPerInterval = 100;

    private static readonly TimeSpan KeepAliveTick = TimeSpan.FromSeconds(1);

    private readonly List<SimulatedDevice> _devices;
    private readonly Dictionary<string, SimulatedDevice> _byId;
    private readonly BenchErrors _errors;
    private readonly CancellationTokenSource _stopping = new();
    private Task _pacer = Task.CompletedTask;

    // secrets: each device's own secret (username = its id), when the broker authenticates devices.
    public DeviceFleet(int count, EndPoint broker, MqttProtocol protocol, int window, IngestTally tally, BenchErrors errors, BrokerTransport transport, IReadOnlyDictionary<string, string>? secrets = null)
    {
        _errors = errors;
        _devices = [.. IdsOf(count).Select((id, i) => new SimulatedDevice(i + 1, id, broker, protocol, window, tally, errors, transport.For(id, secrets)))];
        _byId = _devices.ToDictionary(d => d.Id, StringComparer.Ordinal);
    }

    /// <summary>The ids of a fleet of <paramref name="count"/> devices, in order.</summary>
    public static IEnumerable<string> IdsOf(int count)
    {
        var width = Math.Max(4, count.ToString(CultureInfo.InvariantCulture).Length);
        return Enumerable.Range(1, count).Select(i => $"bench-{i.ToString("D" + width, CultureInfo.InvariantCulture)}");
    }

    public IReadOnlyDictionary<string, SimulatedDevice> ById => _byId;

    public int Connected => _devices.Count(d => d.IsConnected);

    /// <summary>Messages in flight per device at most, after the broker's Receive Maximum (the smallest over the fleet).</summary>
    public int Window => _devices.Min(d => d.Window);

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

    /// <summary>Starts every connected device; <paramref name="ratePerDevice"/> 0 is a closed loop.</summary>
    public void Start(double ratePerDevice)
    {
        foreach (var device in _devices.Where(d => d.IsConnected))
        {
            device.Start(closedLoop: ratePerDevice == 0);
        }

        _pacer = Task.Run(() => PaceAsync(ratePerDevice, _stopping.Token));
    }

    /// <summary>
    /// Stops sending and waits for outstanding PUBACKs; after <paramref name="drainTimeout"/> gives up on them
    /// (each is then counted as an error when the fleet is disposed).
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        await _stopping.CancelAsync();
        await _pacer;
        var drained = Task.WhenAll(_devices.Select(d => d.StopAsync()));
        await Task.WhenAny(drained, Task.Delay(drainTimeout));
    }

    public long CountSentWithin(MeasurementWindow window) => _devices.Sum(d => (long)d.CountSentWithin(window));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _pacer;
        foreach (var batch in _devices.Chunk(ConnectBatchSize * 4))
        {
            await Task.WhenAll(batch.Select(d => d.DisposeAsync().AsTask()));
        }

        _stopping.Dispose();
    }

    private async Task PaceAsync(double ratePerDevice, CancellationToken stopping)
    {
        // Each device starts at its own point of one interval so they do not all publish on the same tick.
        var phases = _devices.Select(_ => Random.Shared.NextDouble()).ToArray();
        using var timer = new PeriodicTimer(ratePerDevice > 0 ? RateTick(ratePerDevice) : KeepAliveTick);
        var started = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                var now = Stopwatch.GetTimestamp();
                var elapsed = (double)(now - started) / Stopwatch.Frequency;
                for (var i = 0; i < _devices.Count; i++)
                {
                    var device = _devices[i];
                    try
                    {
                        if (ratePerDevice > 0)
                        {
                            await device.SendDueAsync((long)(ratePerDevice * elapsed + phases[i]));
                        }

                        await device.KeepAliveAsync(now);
                    }
                    catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                    {
                        // The device's receive loop sees the same loss and reconnects.
                        _errors.Record($"send failed: {ex.GetType().Name}");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private static TimeSpan RateTick(double ratePerDevice)
    {
        var tick = TimeSpan.FromSeconds(1 / ratePerDevice / TicksPerInterval);
        return tick < ShortestRateTick ? ShortestRateTick : tick > LongestRateTick ? LongestRateTick : tick;
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
