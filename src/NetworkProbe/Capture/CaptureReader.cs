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
internal sealed class CaptureReader
{
    /// <summary>How long a live read waits for a packet before the clock advances the observer.</summary>
    private const int LiveReadTimeoutMilliseconds = 200;

    /// <summary>
    /// The kernel's capture buffer: a burst (a scan's thousands of SYNs in a tenth of a second) waits there while the
    /// probe catches up. Packets are packed into it in blocks (no immediate mode): in immediate mode every packet takes a
    /// frame sized for the largest one the interface can carry, and on loopback (64 KB MTU) the default 2 MB held
    /// 16 packets; the rest of a scan was lost, and not even counted as dropped.
    /// </summary>
    private const int LiveBufferBytes = 64 * 1024 * 1024;

    // libpcap's struct pcap_pkthdr on 64-bit Linux: struct timeval (two longs), caplen, len.
    private const int HeaderCaptureLengthOffset = 16;

    /// <summary>2000-01-01: no capture is older, and the platform refuses earlier windows.</summary>
    private const long EarliestSeconds = 946_684_800;

    /// <summary>
    /// How far behind the clock a quiet live capture advances windows: a packet the kernel hands over up to this late
    /// still counts in the window it was stamped in.
    /// </summary>
    private static readonly TimeSpan ClockLag = TimeSpan.FromSeconds(1);

    /// <summary>Once stopped, how long a live capture goes on reading packets stamped before the stop.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(2);

    private TimeProvider _clock = TimeProvider.System;

    // The latest plausible stamp ("tomorrow"): read from the clock again only when a packet goes past it, not per packet.
    private long _latestSeconds;

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
            Handle(linkType, Frame(data, length), seconds, micros, observer);
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
            device.Open(new DeviceConfiguration { Mode = DeviceModes.Promiscuous, ReadTimeout = LiveReadTimeoutMilliseconds, BufferSize = LiveBufferBytes });
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

            var announced = false;
            // Once stopped, the packets stamped before the stop that the kernel already holds are still read, until none
            // has come for two read timeouts (libpcap may hold the last ones that long), one stamped later comes, or the
            // drain limit passes: a busy interface never runs dry.
            _clock = clock;
            long? stoppedAt = null;
            long stopTimestamp = 0;
            while (true)
            {
                if (stoppedAt is null && cancellationToken.IsCancellationRequested)
                {
                    stoppedAt = (clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
                    stopTimestamp = clock.GetTimestamp();
                }

                var status = device.GetNextPacket(out var packet);

                // Said once the first read has returned: by then the kernel hands packets over, which it may not yet
                // when the capture has just been opened and its filter set.
                if (!announced)
                {
                    announced = true;
                    log.WriteLine($"network-probe: capturing on '{interfaceName}'{(filter is null ? string.Empty : $" (filter: {filter})")}; stop with Ctrl+C or SIGTERM");
                }

                if (status == GetPacketStatus.PacketRead)
                {
                    // A busy interface is drained only so long; packets stamped after the stop are not the run's.
                    var time = packet.Header.Timeval;
                    if (stoppedAt is { } stop
                        && ((long)time.Seconds * 1_000_000 + (long)time.MicroSeconds > stop || clock.GetElapsedTime(stopTimestamp) > DrainLimit))
                    {
                        break;
                    }

                    Handle(linkType, packet.Data, (long)time.Seconds, (long)time.MicroSeconds, observer);
                }
                else if (status is GetPacketStatus.Error or GetPacketStatus.NoRemainingPackets)
                {
                    throw new CaptureException($"capture on '{interfaceName}' stopped: {device.LastError}");
                }
                else if (stoppedAt is not null)
                {
                    if (clock.GetElapsedTime(stopTimestamp) > 2 * TimeSpan.FromMilliseconds(LiveReadTimeoutMilliseconds))
                    {
                        break;
                    }
                }
                else
                {
                    // Only a quiet interface needs the clock; on a busy one the packets' own stamps close the windows.
                    observer.AdvanceTo((clock.GetUtcNow() - ClockLag).ToUnixTimeMilliseconds() * 1000);
                }
            }

            if (device.Statistics is { } statistics)
            {
                Counters.KernelDropped = statistics.DroppedPackets + statistics.InterfaceDroppedPackets;
            }
        }
    }

    private void Handle(int linkType, ReadOnlySpan<byte> frame, long seconds, long micros, TrafficObserver observer)
    {
        Counters.Frames++;

        // A frame stamped before 2000 or after tomorrow (a corrupt record, a clock gone wrong) would drag every later
        // window with it: it is skipped and counted.
        if (seconds > _latestSeconds)
        {
            _latestSeconds = _clock.GetUtcNow().AddDays(1).ToUnixTimeSeconds();
        }

        if (seconds < EarliestSeconds || seconds > _latestSeconds || micros is < 0 or >= 1_000_000)
        {
            Counters.BadTimestamps++;
            return;
        }

        switch (PacketParser.TryParse(linkType, frame, seconds * 1_000_000 + micros, out var headers))
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
