using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Packets;

/// <summary>
/// The packet-level window builder: fed the headers of every packet in time order, it follows each device's flows
/// (TCP handshakes, retransmissions, closes, DNS and TLS metadata, timeouts) and hands each device's finished window
/// to <c>windowClosed</c>. Windows are aligned to multiples of the window length in Unix time and cut on the packets'
/// own timestamps, so a capture file read at any speed gives the same windows as the live traffic did; a live probe
/// also calls <see cref="AdvanceTo"/> with the clock so that quiet windows still close.
/// <para>
/// A host is a device once it sends a packet and the <c>isDevice</c> rule accepts it (its address, or the Ethernet
/// address it sent from), so scanning an empty subnet creates no devices. Every other address is a remote peer. A
/// device gets a window for each window in which it sent or received a packet or one of its flows ended or failed.
/// </para>
/// Memory is bounded: flows are evicted after their timeouts or, when the table is full, longest idle first; both
/// are counted in <see cref="Counters"/>. Not thread-safe: one reader thread feeds it.
/// </summary>
public sealed class TrafficObserver
{
    private const double MicrosPerSecond = 1e6;

    /// <summary>Gaps remembered per direction of a connection; beyond it the oldest is forgotten (a fill of it then counts as resent).</summary>
    private const int MaxGaps = 16;

    private readonly TrafficObserverOptions _options;
    private readonly TrafficObserverTimeouts _timeouts;
    private readonly Func<HostAddress, ulong, bool> _isDevice;
    private readonly Action<HostAddress, NetworkWindow> _windowClosed;
    private readonly long _windowMicros;
    private readonly Dictionary<FlowKey, Flow> _flows = [];
    private readonly LinkedList<Flow>[] _stages = [new(), new(), new(), new()];
    private readonly Dictionary<HostAddress, DeviceTraffic> _devices = [];
    private readonly List<DeviceTraffic> _open = [];

    // Flows with a TLS handshake in progress, in the order of their ClientHellos (so of their deadlines): a handshake
    // fails when its timeout passes even if its connection stays silent, not only when a later packet shows it.
    private readonly Queue<Flow> _handshakes = new();
    private readonly long _deviceIdleMicros;
    private long _window = -1;
    private long _nextDeviceSweep = long.MinValue;
    private long _now = long.MinValue;

    public TrafficObserver(TrafficObserverOptions options, Func<HostAddress, ulong, bool> isDevice, Action<HostAddress, NetworkWindow> windowClosed)
    {
        options.Validate();
        _options = options;
        _timeouts = new TrafficObserverTimeouts(options);
        _isDevice = isDevice;
        _windowClosed = windowClosed;
        _windowMicros = options.Window.Ticks / 10;
        _deviceIdleMicros = options.DeviceIdleTimeout.Ticks / 10;
    }

    public TrafficObserverCounters Counters { get; } = new();

    /// <summary>Takes one packet. A packet stamped before the latest one seen counts at the latest time.</summary>
    public void Observe(in PacketHeaders packet) => Observe(packet, 1, 0);

    /// <summary>
    /// Takes a train of <paramref name="count"/> packets like <paramref name="packet"/>, the first at its time and each
    /// next one <paramref name="intervalMicros"/> later, each TCP segment's sequence number following the one before:
    /// the same as observing each in turn. A train of plain data (no SYN, FIN or RST, no TLS record or DNS message)
    /// costs about one packet, which is how the simulator feeds a video stream; other packets go one by one. The
    /// train's later packets are not taken as moving the clock, so the packets of other flows that fall among them
    /// may follow it; it must not cross the end of a window.
    /// </summary>
    public void Observe(in PacketHeaders packet, int count, long intervalMicros)
    {
        if (count <= 0)
        {
            return;
        }

        var plain = (packet.Flags & (TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst)) == 0 && packet.Tls == TlsRecord.None && packet.Dns == DnsMessageKind.None;
        if (count > 1 && !plain)
        {
            for (var i = 0; i < count; i++)
            {
                Observe(packet.InTrain(i, intervalMicros), 1, 0);
            }

            return;
        }

        var time = packet.TimeMicros;
        if (time < _now)
        {
            Counters.PacketsOutOfOrder++;
            time = _now;
        }

        AdvanceTo(time);
        Counters.Packets += count;
        var train = new Train(count, Math.Max(0, intervalMicros));
        var source = DeviceFor(packet.Source, packet.SourceMac, sends: true);
        if (source is not null)
        {
            Track(source, packet, sent: true, time, train);
        }

        if (packet.Destination != packet.Source && DeviceFor(packet.Destination, 0, sends: false) is { } destination)
        {
            Track(destination, packet, sent: false, time, train);
        }
    }

    /// <summary>
    /// Makes <paramref name="address"/> a device before it sends anything, for good: it gets a window for every window
    /// from now on when <see cref="TrafficObserverOptions.ReportQuietDevices"/> is set, and is never forgotten for
    /// being idle. The simulator announces the device it models.
    /// </summary>
    public void Announce(HostAddress address)
    {
        if (!_devices.TryGetValue(address, out var device))
        {
            device = new DeviceTraffic(address, confirmed: true);
            _devices.Add(address, device);
            Counters.Devices++;
        }
        else if (!device.Confirmed)
        {
            device.Confirmed = true;
            Counters.Devices++;
        }

        device.Announced = true;
    }

    /// <summary>
    /// Moves the clock to <paramref name="timeMicros"/> (Unix microseconds): flows whose timeouts pass end or fail in
    /// the window their timeout falls in, and windows that end by then are closed. Earlier times are ignored.
    /// </summary>
    public void AdvanceTo(long timeMicros)
    {
        if (timeMicros <= _now)
        {
            return;
        }

        while (true)
        {
            var flowExpired = TryPeekExpired(timeMicros, out var flow, out var deadline);
            var handshakeExpired = TryPeekHandshakeTimeout(timeMicros, out var handshake, out var handshakeDeadline);
            if (handshakeExpired && (!flowExpired || handshakeDeadline <= deadline))
            {
                _handshakes.Dequeue();
                MoveTo(Math.Max(handshakeDeadline, _now));
                if (_devices.TryGetValue(handshake.Key.Device, out var device))
                {
                    FailTls(handshake, BuilderFor(device));
                }
            }
            else if (flowExpired)
            {
                MoveTo(Math.Max(deadline, _now));
                Expire(flow, timedOut: true);
            }
            else
            {
                break;
            }
        }

        MoveTo(timeMicros);
    }

    /// <summary>
    /// The traffic ends (end of a capture file, or the probe stops): every flow still tracked ends at its last packet,
    /// counted in its device's current window (a device with no window open in the last one gets none for it), and
    /// the current windows close. An attempt or a handshake still within its timeout is not counted as failed: how
    /// it would have ended is not known.
    /// </summary>
    public void Complete()
    {
        foreach (var stage in _stages)
        {
            while (stage.First is { } node)
            {
                Expire(node.Value, timedOut: false);
            }
        }

        _handshakes.Clear();
        CloseWindows();
    }

    /// <param name="address">The packet's source (<paramref name="sends"/>) or destination.</param>
    /// <param name="mac">The sender's Ethernet address, 0 for a destination.</param>
    /// <param name="sends">True for the sender, which confirms a pending host as a device.</param>
    private DeviceTraffic? DeviceFor(HostAddress address, ulong mac, bool sends)
    {
        if (_devices.TryGetValue(address, out var device))
        {
            if (sends && !device.Confirmed)
            {
                // Asked again now that its Ethernet address is known: a map may name the host by it.
                _isDevice(address, mac);
                device.Confirmed = true;
                Counters.Devices++;
            }

            return device;
        }

        if (!_isDevice(address, mac))
        {
            return null;
        }

        if (_devices.Count >= _options.MaxDevices)
        {
            Counters.PacketsOfRefusedDevices++;
            return null;
        }

        device = new DeviceTraffic(address, confirmed: sends);
        _devices.Add(address, device);
        if (sends)
        {
            Counters.Devices++;
        }

        return device;
    }

    /// <param name="device">The device.</param>
    /// <param name="quiet">
    /// Opened only because quiet devices are reported: sessions that ended while the device was silent stay held for
    /// its next window with traffic, as they would be without the option, so the option adds windows and changes none.
    /// </param>
    private NetworkWindowBuilder BuilderFor(DeviceTraffic device, bool quiet = false)
    {
        if (device.OpenWindow != _window)
        {
            device.Builder.Begin(DateTimeOffset.FromUnixTimeMilliseconds(_window * _windowMicros / 1000), _windowMicros / MicrosPerSecond);
            device.OpenWindow = _window;
            _open.Add(device);
            if (quiet)
            {
                return device.Builder;
            }

            foreach (var duration in device.HeldDurations)
            {
                device.Builder.AddSessionEnded(duration);
            }

            device.HeldDurations.Clear();
        }

        return device.Builder;
    }

    private double Offset(long time) => (time - _window * _windowMicros) / MicrosPerSecond;

    private void MoveTo(long time)
    {
        var window = FloorDiv(time, _windowMicros);
        if (window != _window)
        {
            if (_options.ReportQuietDevices && _window >= 0)
            {
                // Every window from the current one to the new one closes, each with a window for every device.
                for (; _window < window; _window++)
                {
                    OpenQuietWindows();
                    CloseWindows();
                }
            }
            else
            {
                CloseWindows();
            }

            _window = window;
            ForgetIdleDevices(time);
        }

        _now = time;
    }

    private void OpenQuietWindows()
    {
        foreach (var device in _devices.Values)
        {
            if (device.Confirmed && device.OpenWindow != _window)
            {
                BuilderFor(device, quiet: true);
            }
        }
    }

    /// <summary>At most once a minute of traffic time, drops the devices silent for longer than the device idle timeout.</summary>
    private void ForgetIdleDevices(long time)
    {
        if (time < _nextDeviceSweep)
        {
            return;
        }

        _nextDeviceSweep = time + 60_000_000;
        List<HostAddress>? idle = null;
        foreach (var (address, device) in _devices)
        {
            if (device.OpenWindow == -1 && !device.Announced && time - device.LastPacketMicros > _deviceIdleMicros)
            {
                (idle ??= []).Add(address);
            }
        }

        foreach (var address in idle ?? [])
        {
            _devices.Remove(address);
            Counters.DevicesForgotten++;
        }
    }

    private void CloseWindows()
    {
        foreach (var device in _open)
        {
            var window = device.Builder.Build();
            device.OpenWindow = -1;
            if (device.Confirmed)
            {
                Counters.WindowsBuilt++;
                _windowClosed(device.Address, window);
            }
            else
            {
                // Only received packets all window long: not a device (yet). Its flows stay, in case it answers later.
                _devices.Remove(device.Address);
            }
        }

        _open.Clear();
    }

    private void Track(DeviceTraffic device, in PacketHeaders packet, bool sent, long time, Train train)
    {
        var key = sent
            ? new FlowKey(packet.Source, packet.Destination, packet.SourcePort, packet.DestinationPort, packet.IpProtocol)
            : new FlowKey(packet.Destination, packet.Source, packet.DestinationPort, packet.SourcePort, packet.IpProtocol);
        var builder = BuilderFor(device);
        var offset = Offset(time);
        var last = time + (train.Count - 1) * train.IntervalMicros;
        var interval = train.IntervalMicros / MicrosPerSecond;
        device.LastPacketMicros = Math.Max(device.LastPacketMicros, last);
        if (packet.WithoutTransportHeader)
        {
            // No ports to find its flow by: packets of the device's traffic with that peer, and no flow of their own.
            builder.AddPackets(offset, interval, train.Count, packet.Protocol, sent, packet.IpPayloadLength, key.Remote.Value, 0, deviceInitiated: false);
            return;
        }

        var startsConnection = packet.Protocol == TransportProtocol.Tcp && (packet.Flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;
        if (_flows.TryGetValue(key, out var flow) && startsConnection && IsNewConnection(flow, packet))
        {
            // A new connection on the four-tuple of an old one (closed and lingering, joined mid-stream, or abandoned
            // unseen): the old one is over.
            Expire(flow, timedOut: flow.Stage == FlowStage.Closed);
            flow = null;
        }

        if (flow is null)
        {
            flow = Open(key, packet, sent, time, last, builder, offset);
        }
        else
        {
            flow.LastMicros = Math.Max(flow.LastMicros, last);
            Touch(flow);
        }

        var countsPort = flow.DeviceInitiated && packet.Protocol is TransportProtocol.Tcp or TransportProtocol.Udp;
        builder.AddPackets(offset, interval, train.Count, packet.Protocol, sent, packet.IpPayloadLength, key.Remote.Value, key.RemotePort, countsPort);
        if (packet.Protocol == TransportProtocol.Tcp)
        {
            TrackTcp(flow, packet, sent, time, builder, train.Count);
        }
        else if (packet.Dns != DnsMessageKind.None && key.RemotePort == 53)
        {
            TrackDns(packet, sent, builder);
        }
    }

    /// <summary>A SYN on a flow that is closed, was never seen opening, or opened with another initial sequence number.</summary>
    private static bool IsNewConnection(Flow flow, in PacketHeaders syn) =>
        flow.Stage == FlowStage.Closed || !flow.Opened || (flow.SynMicros != 0 && syn.Sequence != flow.SynSequence);

    private Flow Open(FlowKey key, in PacketHeaders packet, bool sent, long time, long last, NetworkWindowBuilder builder, double offset)
    {
        if (_flows.Count >= _options.MaxFlows)
        {
            EvictLongestIdle();
        }

        var flow = new Flow(key, packet.Protocol, time) { LastMicros = last };
        if (packet.Protocol == TransportProtocol.Tcp)
        {
            var syn = (packet.Flags & TcpFlags.Syn) != 0;
            var ack = (packet.Flags & TcpFlags.Ack) != 0;
            if (syn)
            {
                // A SYN opens the attempt; a SYN-ACK first means the SYN went unseen (the device was not yet known).
                flow.DeviceInitiated = ack ? !sent : sent;
                flow.Opened = true;
                flow.Stage = ack ? FlowStage.Established : FlowStage.Connecting;
                flow.SynMicros = ack ? 0 : time;
                flow.SynSequence = packet.Sequence;
                builder.AddSessionOpened(offset, flow.DeviceInitiated, Remote(key, packet.Protocol));
                if (!ack && sent)
                {
                    builder.AddConnectionAttempt();
                }
            }
            else
            {
                // Joined mid-stream (the capture started later): the well-known side is taken to be the server.
                flow.DeviceInitiated = key.RemotePort < key.DevicePort;
                flow.Stage = FlowStage.Established;
            }
        }
        else
        {
            flow.DeviceInitiated = sent;
            flow.Opened = true;
            flow.Stage = FlowStage.Datagram;
            builder.AddSessionOpened(offset, sent, Remote(key, packet.Protocol));
        }

        _flows.Add(key, flow);
        AddInOrder(_stages[(int)flow.Stage], flow);
        Counters.Flows = _flows.Count;
        Counters.PeakFlows = Math.Max(Counters.PeakFlows, _flows.Count);
        return flow;
    }

    private static RemoteEndpoint Remote(in FlowKey key, TransportProtocol protocol) => new(key.Remote.Value, key.RemotePort, protocol);

    private void TrackTcp(Flow flow, in PacketHeaders packet, bool sent, long time, NetworkWindowBuilder builder, int count)
    {
        var flags = packet.Flags;
        var syn = (flags & TcpFlags.Syn) != 0;
        var ack = (flags & TcpFlags.Ack) != 0;
        var rst = (flags & TcpFlags.Rst) != 0;
        var fromInitiator = sent == flow.DeviceInitiated;
        builder.AddTcpControl(sent, syn, ack, rst, (flags & TcpFlags.Fin) != 0, count);
        CountRetransmission(flow, packet, sent, builder, count);
        if (!sent && (syn && ack || rst) && flow.DeviceInitiated && !flow.SynAckSeen && !flow.Failed && flow.SynMicros >= _window * _windowMicros)
        {
            // The first answer to an attempt opened in this window.
            builder.AddConnectionAnswered();
        }

        if (syn && ack)
        {
            if (sent)
            {
                builder.AddListeningPort(flow.Key.DevicePort);
            }

            if (!flow.SynAckSeen)
            {
                flow.SynAckSeen = true;
                flow.SynAckMicros = time;
                flow.SynAckSequence = packet.Sequence;
                if (flow.Stage == FlowStage.Connecting)
                {
                    Move(flow, FlowStage.Established);
                }

                // Karn's rule: a retransmitted SYN leaves it unknown which one was answered.
                if (flow.DeviceInitiated && !sent && flow.SynMicros != 0 && !flow.SynRetransmitted)
                {
                    flow.RoundTripMeasured = true;
                    builder.AddRoundTrip((time - flow.SynMicros) / 1000.0);
                }
            }
        }
        else if (ack && !syn && fromInitiator && flow.SynAckSeen && !flow.HandshakeAcknowledged && packet.Acknowledgment == flow.SynAckSequence + 1)
        {
            flow.HandshakeAcknowledged = true;

            // The device accepted the connection: its round trip runs from its SYN-ACK to the initiator's ACK, unless
            // the SYN-ACK was sent again (Karn's rule).
            if (!flow.DeviceInitiated && !flow.RoundTripMeasured && !flow.SynRetransmitted)
            {
                flow.RoundTripMeasured = true;
                builder.AddRoundTrip((time - flow.SynAckMicros) / 1000.0);
            }
        }

        TrackTls(flow, packet, sent, time, builder);
        if ((flags & TcpFlags.Rst) != 0 && flow.Stage != FlowStage.Closed)
        {
            // Refused (no SYN-ACK yet) or reset before the initiator acknowledged the SYN-ACK.
            if (flow.Opened && !flow.Failed && !flow.HandshakeAcknowledged)
            {
                flow.Failed = true;
                builder.AddFailedConnection();
            }

            Close(flow, builder);
            return;
        }

        if ((flags & TcpFlags.Fin) != 0)
        {
            flow.DeviceFin |= sent;
            flow.RemoteFin |= !sent;
            if (flow.DeviceFin && flow.RemoteFin && flow.Stage != FlowStage.Closed)
            {
                Close(flow, builder);
            }
        }
    }

    /// <summary>
    /// A segment whose whole sequence range was seen before in its direction is a retransmission (a keep-alive probe
    /// aside). Each direction keeps the highest end seen and the gaps below it; a segment that fills a gap arrived late
    /// or was lost before the capture point, and is new.
    /// </summary>
    private static void CountRetransmission(Flow flow, in PacketHeaders packet, bool sent, NetworkWindowBuilder builder, int count)
    {
        var syn = (packet.Flags & TcpFlags.Syn) != 0;
        var fin = (packet.Flags & TcpFlags.Fin) != 0;

        // A train is plain data: one segment spanning all its packets' sequence ranges.
        var length = packet.TransportPayloadLength * count + (syn ? 1 : 0) + (fin ? 1 : 0);
        if (length <= 0)
        {
            return;
        }

        ref var known = ref sent ? ref flow.DeviceSequenceKnown : ref flow.RemoteSequenceKnown;
        ref var highest = ref sent ? ref flow.DeviceSequenceEnd : ref flow.RemoteSequenceEnd;
        ref var gaps = ref sent ? ref flow.DeviceGaps : ref flow.RemoteGaps;
        var start = packet.Sequence;
        var end = start + (uint)length;
        if (!known)
        {
            known = true;
            highest = end;
            return;
        }

        if (After(start, highest))
        {
            if ((gaps ??= []).Count == MaxGaps)
            {
                gaps.RemoveAt(0);
            }

            gaps.Add((highest, start));
            highest = end;
            return;
        }

        if (After(end, highest))
        {
            highest = end;
            return;
        }

        if (gaps is not null && FillsGap(gaps, start, end))
        {
            return;
        }

        var keepAlive = packet.TransportPayloadLength <= 1 && count == 1 && !syn && !fin && start + 1 == highest;
        if (!keepAlive)
        {
            builder.AddRetransmissions(1);
            if (syn)
            {
                flow.SynRetransmitted = true;
            }
        }
    }

    /// <summary>Whether [start, end) reaches into a gap; the part it covers leaves the gap.</summary>
    private static bool FillsGap(List<(uint From, uint To)> gaps, uint start, uint end)
    {
        for (var i = 0; i < gaps.Count; i++)
        {
            var (from, to) = gaps[i];
            if (!After(end, from) || !After(to, start))
            {
                continue;
            }

            gaps.RemoveAt(i);
            if (After(to, end))
            {
                gaps.Insert(i, (end, to));
            }

            if (After(start, from))
            {
                gaps.Insert(i, (from, start));
            }

            return true;
        }

        return false;
    }

    /// <summary>Sequence-number order, which wraps around 2^32.</summary>
    private static bool After(uint a, uint b) => (int)(a - b) > 0;

    private void TrackTls(Flow flow, in PacketHeaders packet, bool sent, long time, NetworkWindowBuilder builder)
    {
        switch (packet.Tls)
        {
            case TlsRecord.ClientHello when !flow.TlsStarted:
                flow.TlsStarted = true;
                flow.TlsClientIsDevice = sent;
                flow.TlsStartMicros = time;
                _handshakes.Enqueue(flow);
                builder.AddTlsHandshakeStarted();
                break;
            case TlsRecord.ServerHello when flow.TlsStarted && sent != flow.TlsClientIsDevice:
                flow.TlsServerHello = true;
                break;
            case TlsRecord.Alert when flow.TlsStarted && !flow.TlsDone:
                FailTls(flow, builder);
                break;

            // The client's first application-data record follows its Finished (TLS 1.2) or is its Finished (TLS 1.3).
            case TlsRecord.ApplicationData when flow.TlsStarted && !flow.TlsDone && flow.TlsServerHello && sent == flow.TlsClientIsDevice:
                flow.TlsDone = true;
                break;
        }
    }

    private static void FailTls(Flow flow, NetworkWindowBuilder builder)
    {
        flow.TlsDone = true;
        builder.AddTlsHandshakeFailed();
    }

    private static void TrackDns(in PacketHeaders packet, bool sent, NetworkWindowBuilder builder)
    {
        if (packet.Dns == DnsMessageKind.Query && sent)
        {
            builder.AddDnsQuery(packet.HasDnsName ? packet.DnsName : default);
        }
        else if (packet.Dns == DnsMessageKind.Response && !sent && packet.DnsResponseCode == 3)
        {
            builder.AddDnsNxDomain();
        }
    }

    /// <summary>
    /// Closed by FIN both ways or a reset: an unfinished TLS handshake failed now; the session ends when the flow has
    /// lingered for its trailing packets (the last ACK), so its duration runs to its real last packet.
    /// </summary>
    private void Close(Flow flow, NetworkWindowBuilder builder)
    {
        if (flow.TlsStarted && !flow.TlsDone)
        {
            FailTls(flow, builder);
        }

        Move(flow, FlowStage.Closed);
    }

    /// <summary>
    /// A flow's timeout passed (<paramref name="timedOut"/>; or the traffic ended): an unanswered attempt failed and an
    /// open handshake failed, in the window the timeout falls in; the session ended, counted in the device's window if
    /// it has one open, else held for its next, so that the end of a session alone makes no window.
    /// </summary>
    private void Expire(Flow flow, bool timedOut)
    {
        if (_devices.TryGetValue(flow.Key.Device, out var device))
        {
            var failedAttempt = timedOut && flow.Stage == FlowStage.Connecting && flow.Opened && !flow.Failed;
            var failedHandshake = timedOut && flow.TlsStarted && !flow.TlsDone;
            if (failedAttempt || failedHandshake)
            {
                var builder = BuilderFor(device);
                if (failedAttempt)
                {
                    flow.Failed = true;
                    builder.AddFailedConnection();
                }

                if (failedHandshake)
                {
                    FailTls(flow, builder);
                }
            }

            if (flow.Opened && !flow.Ended)
            {
                flow.Ended = true;
                var duration = (flow.LastMicros - flow.FirstMicros) / MicrosPerSecond;
                if (device.OpenWindow == _window)
                {
                    device.Builder.AddSessionEnded(duration);
                }
                else if (device.HeldDurations.Count < DeviceTraffic.MaxHeldDurations)
                {
                    device.HeldDurations.Add(duration);
                }
            }
        }

        Remove(flow);
    }

    private void EvictLongestIdle()
    {
        Flow? oldest = null;
        foreach (var stage in _stages)
        {
            if (stage.First is { } node && (oldest is null || node.Value.LastMicros < oldest.LastMicros))
            {
                oldest = node.Value;
            }
        }

        if (oldest is not null)
        {
            Counters.FlowsEvicted++;
            Remove(oldest);
        }
    }

    private bool TryPeekExpired(long time, out Flow flow, out long deadline)
    {
        flow = null!;
        deadline = long.MaxValue;
        foreach (var stage in _stages)
        {
            if (stage.First is { } node)
            {
                var candidate = node.Value.Deadline(_timeouts);
                if (candidate < deadline)
                {
                    deadline = candidate;
                    flow = node.Value;
                }
            }
        }

        return deadline <= time;
    }

    /// <summary>The oldest handshake still in progress, dropping those that ended or whose flow left the table.</summary>
    private bool TryPeekHandshakeTimeout(long time, out Flow flow, out long deadline)
    {
        while (_handshakes.TryPeek(out flow!))
        {
            if (flow.TlsDone || flow.Removed)
            {
                _handshakes.Dequeue();
                continue;
            }

            deadline = flow.TlsStartMicros + _timeouts.TlsHandshake;
            return deadline <= time;
        }

        deadline = long.MaxValue;
        return false;
    }

    private void Touch(Flow flow)
    {
        var list = _stages[(int)flow.Stage];
        list.Remove(flow.Node);
        AddInOrder(list, flow);
    }

    private void Move(Flow flow, FlowStage stage)
    {
        _stages[(int)flow.Stage].Remove(flow.Node);
        flow.Stage = stage;
        AddInOrder(_stages[(int)stage], flow);
    }

    /// <summary>
    /// Keeps a stage's list ordered by last packet, so its first flow is the next to time out. Packets come in time
    /// order, so a flow almost always goes last; only the flows of trains, whose last packets lie ahead of the clock,
    /// are passed on the way.
    /// </summary>
    private static void AddInOrder(LinkedList<Flow> list, Flow flow)
    {
        var before = list.Last;
        while (before is not null && before.Value.LastMicros > flow.LastMicros)
        {
            before = before.Previous;
        }

        if (before is null)
        {
            list.AddFirst(flow.Node);
        }
        else
        {
            list.AddAfter(before, flow.Node);
        }
    }

    private void Remove(Flow flow)
    {
        _stages[(int)flow.Stage].Remove(flow.Node);
        _flows.Remove(flow.Key);
        flow.Removed = true;
        Counters.Flows = _flows.Count;
    }

    /// <summary>How many like packets an observation stands for, and the time between them.</summary>
    private readonly record struct Train(int Count, long IntervalMicros);

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = value / divisor;
        return value % divisor < 0 ? quotient - 1 : quotient;
    }
}
