using DigitalTwin.Behaviour.Packets;

namespace DigitalTwin.Behaviour.Tests.Packets;

/// <summary>One TCP connection's segments, with sequence numbers kept as a real stack would.</summary>
internal sealed class TcpConversation(ObservedTraffic traffic, string client, ushort clientPort, string server, ushort serverPort)
{
    private uint _clientSequence = 1_000;
    private uint _serverSequence = 500_000;

    public uint ClientSequence => _clientSequence;

    public TcpConversation Syn(double seconds)
    {
        FromClient(seconds, TcpFlags.Syn, _clientSequence, 0, []);
        return this;
    }

    /// <summary>The SYN sent again, with the same sequence number.</summary>
    public TcpConversation SynAgain(double seconds)
    {
        FromClient(seconds, TcpFlags.Syn, _clientSequence - 1, 0, [], advance: false);
        return this;
    }

    public TcpConversation SynAck(double seconds)
    {
        FromServer(seconds, TcpFlags.Syn | TcpFlags.Ack, _serverSequence, _clientSequence, []);
        return this;
    }

    /// <summary>The SYN-ACK sent again, with the same sequence number.</summary>
    public TcpConversation SynAckAgain(double seconds)
    {
        FromServer(seconds, TcpFlags.Syn | TcpFlags.Ack, _serverSequence - 1, _clientSequence, []);
        return this;
    }

    public TcpConversation Ack(double seconds)
    {
        FromClient(seconds, TcpFlags.Ack, _clientSequence, _serverSequence, []);
        return this;
    }

    /// <summary>The three-way handshake, the SYN at <paramref name="seconds"/>, answered after <paramref name="roundTrip"/> and acknowledged as fast again.</summary>
    public TcpConversation Handshake(double seconds, double roundTrip = 0.02) =>
        Syn(seconds).SynAck(seconds + roundTrip).Ack(seconds + 2 * roundTrip);

    public TcpConversation ClientData(double seconds, byte[] payload)
    {
        FromClient(seconds, TcpFlags.Ack | TcpFlags.Psh, _clientSequence, _serverSequence, payload);
        return this;
    }

    public TcpConversation ClientData(double seconds, int bytes) => ClientData(seconds, new byte[bytes]);

    /// <summary>The client's last data segment sent again.</summary>
    public TcpConversation ClientDataAgain(double seconds, int bytes)
    {
        FromClient(seconds, TcpFlags.Ack | TcpFlags.Psh, _clientSequence - (uint)bytes, _serverSequence, new byte[bytes], advance: false);
        return this;
    }

    /// <summary>A keep-alive probe: one byte below the next sequence number, no data (or one garbage byte).</summary>
    public TcpConversation ClientKeepAlive(double seconds, int bytes = 0)
    {
        FromClient(seconds, TcpFlags.Ack, _clientSequence - 1, _serverSequence, new byte[bytes], advance: false);
        return this;
    }

    /// <summary>A train of <paramref name="count"/> client data segments of <paramref name="bytes"/> bytes (<see cref="ObservedTraffic.Train"/>).</summary>
    public TcpConversation ClientTrain(double seconds, int bytes, int count, double interval)
    {
        traffic.Train(seconds, ObservedTraffic.Ip(client, server, 6, Frames.Tcp(clientPort, serverPort, _clientSequence, _serverSequence, TcpFlags.Ack, new byte[bytes])), count, interval);
        _clientSequence += (uint)(bytes * count);
        return this;
    }

    /// <summary>A train of <paramref name="count"/> server data segments of <paramref name="bytes"/> bytes.</summary>
    public TcpConversation ServerTrain(double seconds, int bytes, int count, double interval)
    {
        traffic.Train(seconds, ObservedTraffic.Ip(server, client, 6, Frames.Tcp(serverPort, clientPort, _serverSequence, _clientSequence, TcpFlags.Ack, new byte[bytes])), count, interval);
        _serverSequence += (uint)(bytes * count);
        return this;
    }

    public TcpConversation ServerData(double seconds, byte[] payload)
    {
        FromServer(seconds, TcpFlags.Ack | TcpFlags.Psh, _serverSequence, _clientSequence, payload);
        return this;
    }

    public TcpConversation ServerData(double seconds, int bytes) => ServerData(seconds, new byte[bytes]);

    public TcpConversation ClientFin(double seconds)
    {
        FromClient(seconds, TcpFlags.Fin | TcpFlags.Ack, _clientSequence, _serverSequence, []);
        return this;
    }

    public TcpConversation ServerFin(double seconds)
    {
        FromServer(seconds, TcpFlags.Fin | TcpFlags.Ack, _serverSequence, _clientSequence, []);
        return this;
    }

    /// <summary>Both sides' FIN and the last ACK.</summary>
    public TcpConversation Close(double seconds, double gap = 0.01)
    {
        ClientFin(seconds).ServerFin(seconds + gap);
        FromClient(seconds + 2 * gap, TcpFlags.Ack, _clientSequence, _serverSequence, []);
        return this;
    }

    public TcpConversation ServerReset(double seconds)
    {
        FromServer(seconds, TcpFlags.Rst | TcpFlags.Ack, 0, _clientSequence, []);
        return this;
    }

    private void FromClient(double seconds, TcpFlags flags, uint sequence, uint acknowledgment, byte[] payload, bool advance = true)
    {
        traffic.Packet(seconds, ObservedTraffic.Ip(client, server, 6, Frames.Tcp(clientPort, serverPort, sequence, acknowledgment, flags, payload)));
        if (advance)
        {
            _clientSequence = sequence + (uint)payload.Length + (Has(flags, TcpFlags.Syn) ? 1u : 0) + (Has(flags, TcpFlags.Fin) ? 1u : 0);
        }
    }

    private void FromServer(double seconds, TcpFlags flags, uint sequence, uint acknowledgment, byte[] payload)
    {
        traffic.Packet(seconds, ObservedTraffic.Ip(server, client, 6, Frames.Tcp(serverPort, clientPort, sequence, acknowledgment, flags, payload)));
        _serverSequence = Math.Max(_serverSequence, sequence + (uint)payload.Length + (Has(flags, TcpFlags.Syn) ? 1u : 0) + (Has(flags, TcpFlags.Fin) ? 1u : 0));
    }

    private static bool Has(TcpFlags flags, TcpFlags flag) => (flags & flag) != 0;
}
