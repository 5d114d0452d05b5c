using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DigitalTwin.BenchHost;
using DigitalTwin.Ingest.Mqtt;

namespace DigitalTwin.Fleet;

/// <summary>
/// Brings many twins to life from a few MQTT connections: the twins are auto-discovered from their first telemetry
/// message, and the silo takes any device's topic from any connection in the development default. Each connection
/// takes every <c>n</c>-th device id and publishes one QoS 1 message to each of them per round, several in flight,
/// so the silo meets a steady stream of new twins rather than a connection per twin (which would hit the file
/// descriptor limit long before 100,000).
/// </summary>
public sealed class TwinSeeder(EndPoint broker, string idPrefix, BenchErrors errors)
{
    private const int ReceiveBufferSize = 8192;
    private const ushort KeepAliveSeconds = 60;

    /// <summary>QoS 1 messages each connection keeps in flight at most (fewer when the broker's Receive Maximum says so).</summary>
    private const int Window = 32;

    /// <summary>The device id of twin <paramref name="index"/> (from 1).</summary>
    public string IdOf(int index) => $"{idPrefix}{index.ToString("D6", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Publishes messages <paramref name="firstSeq"/> to <paramref name="lastSeq"/> to each of twins 1 to
    /// <paramref name="twins"/> over <paramref name="connections"/> connections; returns the messages acknowledged.
    /// </summary>
    public async Task<long> PublishAsync(int twins, int connections, long firstSeq, long lastSeq, CancellationToken cancellationToken)
    {
        var runs = Enumerable.Range(0, connections).Select(c => RunConnectionAsync(c, twins, connections, firstSeq, lastSeq, cancellationToken));
        var acknowledged = await Task.WhenAll(runs);
        return acknowledged.Sum();
    }

    private async Task<long> RunConnectionAsync(int connection, int twins, int connections, long firstSeq, long lastSeq, CancellationToken cancellationToken)
    {
        var devices = Enumerable.Range(1, twins)
            .Where(i => i % connections == connection)
            .Select(i => new TelemetryPublish(i, $"device/{IdOf(i)}/telemetry", MqttProtocol.V500))
            .ToArray();
        if (devices.Length == 0)
        {
            return 0;
        }

        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(broker, cancellationToken);
        var clientId = $"fleet-seeder-{connection.ToString("D3", CultureInfo.InvariantCulture)}";
        await socket.SendAsync(MqttPackets.Connect(clientId, MqttProtocol.V500, KeepAliveSeconds), SocketFlags.None, cancellationToken);

        var receiveBuffer = new byte[ReceiveBufferSize];
        var (connAck, buffered) = await ReadFirstPacketAsync(socket, receiveBuffer, cancellationToken);
        if (connAck.Type != MqttPacketType.ConnAck || connAck.ReasonCode != 0)
        {
            throw new InvalidOperationException($"seeding connection {clientId} was refused: {connAck.Type} 0x{connAck.ReasonCode:X2}");
        }

        var capacity = connAck.ReceiveMaximum == 0 ? Window : Math.Min(Window, (int)connAck.ReceiveMaximum);
        var window = new InFlightWindow(capacity);
        var sendBuffer = new byte[capacity * devices.Max(d => d.MaxLength)];

        // The messages in order: round by round (one seq), device by device, so one device's messages are a whole
        // round apart and reach its twin in order.
        var total = devices.Length * (lastSeq - firstSeq + 1);
        long next = 0;
        long acknowledged = 0;
        while (next < total || window.Count > 0)
        {
            var length = 0;
            while (next < total)
            {
                var seq = firstSeq + next / devices.Length;
                var device = devices[next % devices.Length];

                // The window remembers which message a packet id carries; the message number is enough here.
                var packetId = window.TryAdd(next + 1);
                if (packetId == 0)
                {
                    break;
                }

                length += device.Write(sendBuffer.AsSpan(length), packetId, seq);
                next++;
            }

            if (length > 0)
            {
                await socket.SendAsync(sendBuffer.AsMemory(0, length), SocketFlags.None, cancellationToken);
            }

            var received = await socket.ReceiveAsync(receiveBuffer.AsMemory(buffered), SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                throw new InvalidOperationException($"the broker closed seeding connection {clientId}");
            }

            buffered += received;
            var at = 0;
            while (MqttPacketReader.TryRead(receiveBuffer.AsSpan(at, buffered - at), MqttProtocol.V500, out var packet, out var consumed))
            {
                at += consumed;
                if (packet.Type != MqttPacketType.PubAck)
                {
                    continue;
                }

                if (!window.TryComplete(packet.PacketId, out _))
                {
                    errors.Record("seeding: PUBACK for a packet id not in flight");
                }
                else if (packet.ReasonCode >= 0x80)
                {
                    errors.Record($"seeding: PUBACK refused 0x{packet.ReasonCode:X2}");
                }
                else
                {
                    acknowledged++;
                }
            }

            receiveBuffer.AsSpan(at, buffered - at).CopyTo(receiveBuffer);
            buffered -= at;
        }

        await socket.SendAsync(MqttPackets.Disconnect, SocketFlags.None, cancellationToken);
        return acknowledged;
    }

    /// <summary>Reads the broker's first packet (the CONNACK); returns it and how many bytes after it are already in <paramref name="buffer"/>.</summary>
    private static async Task<(InboundPacket Packet, int Buffered)> ReadFirstPacketAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var buffered = 0;
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(buffered), SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                throw new InvalidOperationException("the broker closed a seeding connection before its CONNACK");
            }

            buffered += received;
            if (MqttPacketReader.TryRead(buffer.AsSpan(0, buffered), MqttProtocol.V500, out var packet, out var consumed))
            {
                buffer.AsSpan(consumed, buffered - consumed).CopyTo(buffer);
                return (packet, buffered - consumed);
            }
        }
    }
}
