using System.Diagnostics;
using System.Threading.Channels;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Packets;
using DigitalTwin.NetworkProbe.Capture;
using DigitalTwin.NetworkProbe.Output;

namespace DigitalTwin.NetworkProbe.Verbs;

/// <summary>
/// One run of the probe, whichever the source: the capture thread parses packets into the observer, whose finished
/// windows cross a bounded queue to the output. Prints a closing summary; a capture that breaks off still delivers
/// the windows read up to the break. Stopping (Ctrl+C, SIGTERM) ends the capture, not the output: the windows so far
/// are written, or get <see cref="DeliveryGrace"/> to reach the broker.
/// </summary>
internal static class ProbeRun
{
    /// <summary>How long windows buffered for the broker may still take to be delivered once the probe is stopped.</summary>
    public static readonly TimeSpan DeliveryGrace = TimeSpan.FromSeconds(10);

    public const int Ok = 0;
    public const int CaptureFailed = 1;
    public const int UsageError = 2;

    public static async Task<int> RunAsync(
        ProbeSettings settings, string captureName, bool live, Action<CaptureReader, TrafficObserver, CancellationToken> read,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        IWindowSink sink;
        try
        {
            sink = settings.OutputPath is { } path
                ? DatasetFileSink.Create(path, captureName, settings.Labels)
                : new MqttWindowSink(settings.Mqtt!, settings.MqttSecurity, settings.Connections, settings.Buffer, waitWhenFull: !live, error);
        }
        catch (UsageException ex)
        {
            error.WriteLine($"network-probe: {ex.Message}");
            return UsageError;
        }

        await using (sink)
        {
            var windows = Channel.CreateBounded<ProbeWindow>(new BoundedChannelOptions(4096) { SingleReader = true, SingleWriter = true });
            var observer = new TrafficObserver(settings.Observer, settings.Devices.IsDevice, (address, window) =>
            {
                var probeWindow = new ProbeWindow(settings.Devices.IdentityOf(address), address, window);
                if (!windows.Writer.TryWrite(probeWindow))
                {
                    // The capture thread waits for the output rather than dropping windows; the output never waits on it.
                    windows.Writer.WriteAsync(probeWindow, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                }
            });
            var reader = new CaptureReader();
            var clock = Stopwatch.StartNew();
            string? failure = null;
            var capture = Task.Factory.StartNew(() =>
            {
                try
                {
                    read(reader, observer, cancellationToken);
                    observer.Complete();
                }
                catch (CaptureException ex)
                {
                    failure = ex.Message;
                    Complete(observer);
                }
                catch (ChannelClosedException)
                {
                    // The output failed and closed the queue; it says why.
                }
                catch (Exception ex)
                {
                    failure = $"the capture failed: {ex.Message}";
                    Complete(observer);
                }
                finally
                {
                    windows.Writer.TryComplete();
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

            using var delivery = new CancellationTokenSource();
            using var graceOnStop = cancellationToken.Register(() => delivery.CancelAfter(DeliveryGrace));
            try
            {
                await foreach (var window in windows.Reader.ReadAllAsync(CancellationToken.None))
                {
                    await sink.WriteAsync(window, delivery.Token);
                }

                await capture;
                await sink.CompleteAsync(delivery.Token);
            }
            catch (OperationCanceledException) when (delivery.IsCancellationRequested)
            {
                error.WriteLine($"network-probe: stopped; windows not delivered within {DeliveryGrace.TotalSeconds:0} s were left");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The output cannot go on (a full disk, say): the capture thread, waiting on the queue, is released.
                windows.Writer.TryComplete();
                await capture;
                failure ??= $"writing the windows failed: {ex.Message}";
            }

            var elapsed = clock.Elapsed.TotalSeconds;
            var frames = reader.Counters;
            var flows = observer.Counters;
            output.WriteLine(
                $"read {frames.Frames} frames in {elapsed:0.00} s ({frames.Frames / Math.Max(elapsed, 1e-9):0} frames/s): {flows.Packets} IP packets, "
                + $"{frames.NotIp} not IP, {frames.Malformed} malformed, {frames.BadTimestamps} with impossible timestamps, {frames.Truncated} truncated"
                + (live ? $", {frames.KernelDropped} dropped by the kernel" : string.Empty));
            output.WriteLine(
                $"{flows.Devices} devices, {flows.WindowsBuilt} windows; flows: peak {flows.PeakFlows}, {flows.FlowsEvicted} evicted"
                + (flows.PacketsOfRefusedDevices > 0 ? $", {flows.PacketsOfRefusedDevices} packets of devices beyond the limit left out" : string.Empty));
            output.WriteLine(sink.Summary);
            if (failure is not null)
            {
                error.WriteLine($"network-probe: {failure}");
                return CaptureFailed;
            }

            return Ok;
        }
    }

    /// <summary>Closes the windows read up to a failure; the output may already be gone.</summary>
    private static void Complete(TrafficObserver observer)
    {
        try
        {
            observer.Complete();
        }
        catch (ChannelClosedException)
        {
            // The output failed as well; it says why.
        }
    }
}
