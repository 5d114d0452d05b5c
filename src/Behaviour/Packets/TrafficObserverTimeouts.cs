namespace DigitalTwin.Behaviour.Packets;

/// <summary>The observer's timeouts in microseconds, per flow stage.</summary>
internal sealed class TrafficObserverTimeouts(TrafficObserverOptions options)
{
    public long Connect { get; } = Micros(options.ConnectTimeout);
    public long TlsHandshake { get; } = Micros(options.TlsHandshakeTimeout);
    public long TcpIdle { get; } = Micros(options.TcpIdleTimeout);
    public long DatagramIdle { get; } = Micros(options.DatagramIdleTimeout);
    public long ClosedLinger { get; } = Micros(options.ClosedLinger);

    public long For(FlowStage stage) => stage switch
    {
        FlowStage.Connecting => Connect,
        FlowStage.Established => TcpIdle,
        FlowStage.Datagram => DatagramIdle,
        _ => ClosedLinger,
    };

    private static long Micros(TimeSpan span) => span.Ticks / 10;
}
