using System.Diagnostics;
using System.Globalization;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Packets;
using DigitalTwin.Behaviour.Wire;
using DigitalTwin.BenchHost;
using DigitalTwin.NetworkProbe.Capture;
using DigitalTwin.NetworkProbe.Devices;
using DigitalTwin.NetworkProbe.Output;

namespace DigitalTwin.Bench.Probe;

/// <summary>
/// Windows/s the probe's <see cref="MqttWindowSink"/> gets acknowledged (QoS 1) by a broker or silo: the capture
/// (2,000 devices by default) is read into windows first, then they are handed to the sink as fast as it takes them
/// (it waits when its buffers are full, as the read verb does) and the clock stops when the last is acknowledged.
/// </summary>
public static class PublishBench
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        CaptureOptions capture;
        MqttEndpoint endpoint;
        int connections;
        try
        {
            var options = VerbOptions.Parse(args, [.. CaptureOptions.ValueOptions, "--mqtt", "--probe-connections"], []);
            capture = CaptureOptions.Read(options, defaultDevices: 2_000);
            endpoint = MqttEndpoint.Parse(options.RequiredText("--mqtt"));
            connections = (int)(options.Integer("--probe-connections", 1, 256) ?? 8);
        }
        catch (UsageException e)
        {
            error.WriteLine($"publish: {e.Message}");
            return 2;
        }

        output.WriteLine($"machine: {MachineDescription.Read()}");
        capture.EnsureWritten(output);
        var directory = new DeviceDirectory([DeviceSubnet.Parse(SyntheticCapture.DeviceSubnet)], DeviceMap.Empty);
        var windows = new List<ProbeWindow>();
        var observer = new TrafficObserver(new TrafficObserverOptions(), directory.IsDevice,
            (address, window) => windows.Add(new ProbeWindow(directory.IdentityOf(address), address, window)));
        var clock = Stopwatch.StartNew();
        new CaptureReader().ReadFile(capture.Path, observer, CancellationToken.None);
        observer.Complete();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read {windows.Count:N0} windows of {observer.Counters.Devices:N0} devices in {clock.Elapsed.TotalSeconds:0.0} s; publishing to {endpoint} over {connections} connections"));

        await using var sink = new MqttWindowSink(endpoint, BrokerSecurity.None, connections, ProbeSettingsBuffer, waitWhenFull: true, error);
        clock.Restart();
        foreach (var window in windows)
        {
            await sink.WriteAsync(window, CancellationToken.None);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await sink.CompleteAsync(timeout.Token);
        var seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine(sink.Summary);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sink.Acknowledged:N0} windows acknowledged in {seconds:0.00} s: {sink.Acknowledged / seconds:N0} windows/s"));
        return sink.Acknowledged == windows.Count ? 0 : 3;
    }

    private const int ProbeSettingsBuffer = NetworkProbe.Verbs.ProbeSettings.DefaultBuffer;
}
