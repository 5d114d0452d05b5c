using System.Diagnostics;
using System.Globalization;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Packets;
using DigitalTwin.Behaviour.Traffic;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Bench.Probe;

/// <summary>
/// What the flow table costs: the observer is fed <c>--flows</c> TCP connections (SYN, SYN-ACK, ACK, one request and
/// its answer each; none closes) from 200 devices to 5,000 remote peers over one minute, so all are open at the end.
/// Prints the managed heap (after a full collection) and the working set before and after, and bytes per flow.
/// </summary>
public static class FlowMemoryBench
{
    private const int Devices = 200;
    private const int Remotes = 5_000;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        int flows;
        try
        {
            flows = (int)(VerbOptions.Parse(args, ["--flows"], []).Integer("--flows", 1, 10_000_000) ?? 100_000);
        }
        catch (UsageException e)
        {
            error.WriteLine($"flow-memory: {e.Message}");
            return 2;
        }

        output.WriteLine($"machine: {MachineDescription.Read()}");
        var (heapBefore, workingSetBefore) = Measure();
        long windows = 0;
        var observer = new TrafficObserver(
            new TrafficObserverOptions { MaxFlows = Math.Max(flows, 1), TcpIdleTimeout = TimeSpan.FromHours(1) },
            (address, _) => address.IsIPv4 && (uint)address.Value >> 16 == 0x0A01,
            (_, _) => windows++);
        var clock = Stopwatch.StartNew();
        var start = SyntheticCapture.StartMicros;
        var step = 60_000_000L / flows;
        for (var i = 0; i < flows; i++)
        {
            var time = start + i * step;
            var device = HostAddress.FromIPv4(SyntheticCapture.DeviceAddress(i % Devices));
            var remote = HostAddress.FromIPv4(0xC6120000u + (uint)(i % Remotes) + 1);
            var port = (ushort)(1024 + i / Devices % 60_000);
            Observe(observer, time, device, port, remote, 443, TcpFlags.Syn, 1000, 0, 0);
            Observe(observer, time + 20_000, remote, 443, device, port, TcpFlags.Syn | TcpFlags.Ack, 5000, 1001, 0);
            Observe(observer, time + 30_000, device, port, remote, 443, TcpFlags.Ack, 1001, 5001, 0);
            Observe(observer, time + 31_000, device, port, remote, 443, TcpFlags.Ack | TcpFlags.Psh, 1001, 5001, 200);
            Observe(observer, time + 60_000, remote, 443, device, port, TcpFlags.Ack | TcpFlags.Psh, 5001, 1201, 600);
        }

        var feeding = clock.Elapsed;
        var (heapAfter, workingSetAfter) = Measure();
        var counters = observer.Counters;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fed {counters.Packets:N0} packets of {flows:N0} connections in {feeding.TotalSeconds:0.00} s; flows tracked {counters.Flows:N0} (peak {counters.PeakFlows:N0}, evicted {counters.FlowsEvicted}), {counters.Devices} devices, {windows:N0} windows closed"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"managed heap: {heapBefore / 1048576.0:0.0} MiB before, {heapAfter / 1048576.0:0.0} MiB after: {(heapAfter - heapBefore) / (double)counters.Flows:0} bytes per flow"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"working set: {workingSetBefore / 1048576.0:0.0} MiB before, {workingSetAfter / 1048576.0:0.0} MiB after: {(workingSetAfter - workingSetBefore) / (double)counters.Flows:0} bytes per flow"));
        GC.KeepAlive(observer);
        return 0;
    }

    private static void Observe(TrafficObserver observer, long time, HostAddress source, ushort sourcePort, HostAddress destination, ushort destinationPort,
        TcpFlags flags, uint sequence, uint acknowledgment, int payload)
    {
        var headers = new PacketHeaders
        {
            TimeMicros = time,
            Source = source,
            Destination = destination,
            Protocol = TransportProtocol.Tcp,
            IpProtocol = 6,
            SourcePort = sourcePort,
            DestinationPort = destinationPort,
            Flags = flags,
            Sequence = sequence,
            Acknowledgment = acknowledgment,
            IpPayloadLength = 20 + payload,
            TransportPayloadLength = payload,
        };
        observer.Observe(headers);
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }
}
