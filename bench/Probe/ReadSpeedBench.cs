using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Packets;
using DigitalTwin.BenchHost;
using DigitalTwin.NetworkProbe.Capture;
using DigitalTwin.NetworkProbe.Devices;
using DigitalTwin.NetworkProbe.Verbs;
using SharpPcap;
using SharpPcap.LibPcap;

namespace DigitalTwin.Bench.Probe;

/// <summary>
/// Packets/s of the probe's read path on the synthetic capture, built up stage by stage so the cost of each shows:
/// libpcap alone (records handed over, nothing done), plus the parser, plus the observer (the real
/// <see cref="CaptureReader"/>, windows counted and dropped), and the probe's <c>read</c> verb writing a CSV dataset.
/// Each stage runs <c>--runs</c> times; the median counts. Pin it to one core with <c>taskset -c 0</c>.
/// </summary>
public static class ReadSpeedBench
{
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        CaptureOptions capture;
        int runs;
        try
        {
            var options = VerbOptions.Parse(args, [.. CaptureOptions.ValueOptions, "--runs"], []);
            capture = CaptureOptions.Read(options);
            runs = (int)(options.Integer("--runs", 1, 100) ?? 3);
        }
        catch (UsageException e)
        {
            error.WriteLine($"read-speed: {e.Message}");
            return 2;
        }

        output.WriteLine($"machine: {MachineDescription.Read()}; this process may use {Environment.ProcessorCount} core(s)");
        capture.EnsureWritten(output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"stage",-36} {"packets",10} {"seconds",8} {"packets/s",11} {"ns/packet",10}  runs"));
        var stages = new (string Name, Func<string, long> Read)[]
        {
            ("libpcap only", ReadOnly),
            ("libpcap + parse", ReadAndParse),
            ("observe only (headers in memory)", ObserveOnly),
            ("libpcap + parse + observe", ReadParseAndObserve),
            ("read verb, CSV dataset out", ReadVerbToCsv),
        };
        foreach (var (name, read) in stages)
        {
            _parsed = read == ObserveOnly ? ParseAll(capture.Path) : null;
            var rates = new List<double>();
            long packets = 0;
            double seconds = 0;
            for (var run = 0; run < runs; run++)
            {
                GC.Collect();
                var clock = Stopwatch.StartNew();
                packets = read(capture.Path);
                seconds = clock.Elapsed.TotalSeconds;
                rates.Add(packets / seconds);
            }

            rates.Sort();
            var median = rates[rates.Count / 2];
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name,-36} {packets,10:N0} {packets / median,8:0.00} {median,11:N0} {1e9 / median,10:0}  {string.Join(" / ", rates.Select(r => r.ToString("N0", CultureInfo.InvariantCulture)))}"));
        }

        return 0;
    }

    private static long ReadOnly(string path)
    {
        long packets = 0;
        long bytes = 0;
        ForEachFrame(path, (_, frame, _) =>
        {
            packets++;
            bytes += frame.Length;
        });
        GC.KeepAlive(bytes);
        return packets;
    }

    private static long ReadAndParse(string path)
    {
        long parsed = 0;
        ForEachFrame(path, (linkType, frame, time) =>
        {
            if (PacketParser.TryParse(linkType, frame, time, out _) == PacketParseResult.Parsed)
            {
                parsed++;
            }
        });
        return parsed;
    }

    private static PacketHeaders[]? _parsed;

    /// <summary>The headers of every packet, for <see cref="ObserveOnly"/>: parsed before its clock starts.</summary>
    private static PacketHeaders[] ParseAll(string path)
    {
        var parsed = new List<PacketHeaders>();
        ForEachFrame(path, (linkType, frame, time) =>
        {
            if (PacketParser.TryParse(linkType, frame, time, out var headers) == PacketParseResult.Parsed)
            {
                parsed.Add(headers);
            }
        });
        return [.. parsed];
    }

    /// <summary>The observer alone, fed headers parsed beforehand.</summary>
    private static long ObserveOnly(string path)
    {
        var parsed = _parsed ?? throw new InvalidOperationException("ParseAll first");
        long windows = 0;
        var devices = DeviceSubnet.Parse(SyntheticCapture.DeviceSubnet);
        var observer = new TrafficObserver(new TrafficObserverOptions(), (address, _) => devices.Contains(address), (_, _) => windows++);
        foreach (ref readonly var headers in parsed.AsSpan())
        {
            observer.Observe(headers);
        }

        observer.Complete();
        return parsed.Length;
    }

    private static long ReadParseAndObserve(string path)
    {
        long windows = 0;
        var devices = DeviceSubnet.Parse(SyntheticCapture.DeviceSubnet);
        var observer = new TrafficObserver(new TrafficObserverOptions(), (address, _) => devices.Contains(address), (_, _) => windows++);
        var reader = new CaptureReader();
        reader.ReadFile(path, observer, CancellationToken.None);
        observer.Complete();
        return reader.Counters.Frames;
    }

    private static long ReadVerbToCsv(string path)
    {
        var csv = Path.Combine(Path.GetTempPath(), "dtn-probe-bench-windows.csv");
        var output = new StringWriter();
        var status = ReadVerb.RunAsync([path, "--devices", SyntheticCapture.DeviceSubnet, "--out", csv], output, output, CancellationToken.None).GetAwaiter().GetResult();
        if (status != ProbeRun.Ok)
        {
            throw new InvalidOperationException($"the read verb failed ({status}): {output}");
        }

        File.Delete(csv);
        var line = output.ToString().Split('\n')[0]; // "read N frames in ..."
        return long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    private delegate void FrameAction(int linkType, ReadOnlySpan<byte> frame, long timeMicros);

    /// <summary>Hands every record to <paramref name="action"/> in place, as <see cref="CaptureReader"/> does.</summary>
    private static void ForEachFrame(string path, FrameAction action)
    {
        using var device = new CaptureFileReaderDevice(path);
        device.Open();
        var linkType = (int)device.LinkType;
        var header = IntPtr.Zero;
        var data = IntPtr.Zero;
        while (device.GetNextPacketPointers(ref header, ref data) == (int)GetPacketStatus.PacketRead)
        {
            var seconds = Marshal.ReadInt64(header);
            var micros = Marshal.ReadInt64(header, sizeof(long));
            var length = Marshal.ReadInt32(header, 16);
            action(linkType, Frame(data, length), seconds * 1_000_000 + micros);
        }
    }

    private static unsafe ReadOnlySpan<byte> Frame(IntPtr data, int length) => new((void*)data, length);
}
