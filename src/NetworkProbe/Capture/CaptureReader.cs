using System.Runtime.InteropServices;
using DigitalTwin.Behaviour.Packets;
using SharpPcap;
using SharpPcap.LibPcap;

namespace DigitalTwin.NetworkProbe.Capture;

/// <summary>
/// Reads frames with libpcap, from a capture file (pcap or pcapng) as fast as it goes or from a live interface, parses
/// their headers and hands each IP packet to a <see cref="TrafficObserver"/>. Offline, windows are cut on the packets'
/// own timestamps; live, the clock also advances the observer between packets so quiet windows close on time.
/// </summary>
public sealed class CaptureReader
{
    /// <summary>How long a live read waits for a packet before the clock advances the observer.</summary>
    private const int LiveReadTimeoutMilliseconds = 200;

    // libpcap's struct pcap_pkthdr on 64-bit Linux: struct timeval (two longs), caplen, len.
    private const int HeaderCaptureLengthOffset = 16;

    public CaptureCounters Counters { get; } = new();

    /// <summary>Reads a capture file to its end. Throws <see cref="CaptureException"/> when it cannot be opened or a record is corrupt.</summary>
    public void ReadFile(string path, TrafficObserver observer, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CaptureException($"{path}: no such file");
        }

        using var device = Open(path);
        var linkType = (int)device.LinkType;
        if (!PacketParser.Reads(linkType))
        {
            throw new CaptureException($"{path}: link-layer type {device.LinkType} ({linkType}) is not one the probe reads (Ethernet, Linux cooked, loopback, raw IP)");
        }

        var header = IntPtr.Zero;
        var data = IntPtr.Zero;
        while (!cancellationToken.IsCancellationRequested)
        {
            var status = device.GetNextPacketPointers(ref header, ref data);
            if (status == (int)GetPacketStatus.NoRemainingPackets)
            {
                return;
            }

            if (status != (int)GetPacketStatus.PacketRead)
            {
                throw new CaptureException($"{path}: corrupt or truncated after {Counters.Frames} frames: {device.LastError}");
            }

            var seconds = Marshal.ReadInt64(header);
            var micros = Marshal.ReadInt64(header, sizeof(long));
            var length = Marshal.ReadInt32(header, HeaderCaptureLengthOffset);
            Handle(linkType, Frame(data, length), seconds * 1_000_000 + micros, observer);
        }
    }

    /// <summary>Captures from a live interface until cancelled. Needs CAP_NET_RAW (and CAP_NET_ADMIN for promiscuous mode).</summary>
    /// <param name="interfaceName">The interface to capture on.</param>
    /// <param name="filter">A BPF filter, or null for every packet.</param>
    /// <param name="observer">Where the packets go.</param>
    /// <param name="clock">Advances the observer between packets.</param>
    /// <param name="log">Told once the capture runs.</param>
    /// <param name="cancellationToken">Stops the capture.</param>
    public void ReadLive(string interfaceName, string? filter, TrafficObserver observer, TimeProvider clock, TextWriter log, CancellationToken cancellationToken)
    {
        var device = FindInterface(interfaceName);
        try
        {
            device.Open(new DeviceConfiguration { Mode = DeviceModes.Promiscuous, ReadTimeout = LiveReadTimeoutMilliseconds, Immediate = true });
        }
        catch (PcapException ex)
        {
            throw new CaptureException($"cannot capture on '{interfaceName}': {ex.Message} (the probe needs CAP_NET_RAW and CAP_NET_ADMIN, or root)", ex);
        }

        using (device)
        {
            if (filter is not null)
            {
                try
                {
                    device.Filter = filter;
                }
                catch (PcapException ex)
                {
                    throw new CaptureException($"--filter '{filter}' is not a valid BPF filter: {ex.Message}", ex);
                }
            }

            var linkType = (int)device.LinkType;
            if (!PacketParser.Reads(linkType))
            {
                throw new CaptureException($"'{interfaceName}': link-layer type {device.LinkType} ({linkType}) is not one the probe reads");
            }

            log.WriteLine($"network-probe: capturing on '{interfaceName}'{(filter is null ? string.Empty : $" (filter: {filter})")}; stop with Ctrl+C or SIGTERM");
            // Once stopped, the packets the kernel already holds are still read, until a read finds none waiting.
            while (true)
            {
                var status = device.GetNextPacket(out var packet);
                if (status == GetPacketStatus.PacketRead)
                {
                    var time = packet.Header.Timeval;
                    Handle(linkType, packet.Data, (long)time.Seconds * 1_000_000 + (long)time.MicroSeconds, observer);
                }
                else if (status is GetPacketStatus.Error or GetPacketStatus.NoRemainingPackets)
                {
                    throw new CaptureException($"capture on '{interfaceName}' stopped: {device.LastError}");
                }
                else if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                observer.AdvanceTo(clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
            }

            if (device.Statistics is { } statistics)
            {
                Counters.KernelDropped = statistics.DroppedPackets + statistics.InterfaceDroppedPackets;
            }
        }
    }

    private void Handle(int linkType, ReadOnlySpan<byte> frame, long timeMicros, TrafficObserver observer)
    {
        Counters.Frames++;
        switch (PacketParser.TryParse(linkType, frame, timeMicros, out var headers))
        {
            case PacketParseResult.Parsed:
                if (headers.Truncated)
                {
                    Counters.Truncated++;
                }

                observer.Observe(headers);
                break;
            case PacketParseResult.NotIp:
                Counters.NotIp++;
                break;
            default:
                Counters.Malformed++;
                break;
        }
    }

    private static unsafe ReadOnlySpan<byte> Frame(IntPtr data, int length) => new((void*)data, Math.Max(0, length));

    private static CaptureFileReaderDevice Open(string path)
    {
        var device = new CaptureFileReaderDevice(path);
        try
        {
            device.Open();
            return device;
        }
        catch (PcapException ex)
        {
            device.Dispose();
            throw new CaptureException($"{path}: not a readable pcap or pcapng capture: {Unprefixed(ex.Message)}", ex);
        }
    }

    private static LibPcapLiveDevice FindInterface(string name)
    {
        var devices = LibPcapLiveDeviceList.New();
        return devices.FirstOrDefault(d => d.Name == name)
            ?? throw new CaptureException($"no interface '{name}' (interfaces: {string.Join(", ", devices.Select(d => d.Name))})");
    }

    private static string Unprefixed(string message)
    {
        const string prefix = "Unable to open offline adapter: ";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..] : message;
    }
}
