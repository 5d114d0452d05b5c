using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A TCP connection that writes MQTT packets byte by byte: for what no well-behaved client sends (an empty id
/// without clean session, a wildcard in a PUBLISH topic, a topic alias past the maximum) and for reading
/// exactly what the broker answers. Protocol level 4 is MQTT 3.1.1, 5 is MQTT 5.
/// </summary>
public sealed class RawMqttConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly Stream _stream;

    private RawMqttConnection(TcpClient tcp, Stream stream)
    {
        _tcp = tcp;
        _stream = stream;
    }

    /// <summary>
    /// Opens the TCP connection, over TLS when <paramref name="trustedRoot"/> is given (the server's certificate must
    /// chain to it); nothing is sent yet.
    /// </summary>
    public static async Task<RawMqttConnection> OpenAsync(int port, X509Certificate2? trustedRoot = null)
    {
        var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", port);
        if (trustedRoot is null)
        {
            return new RawMqttConnection(tcp, tcp.GetStream());
        }

        var tls = new SslStream(tcp.GetStream());
        var chain = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        chain.CustomTrustStore.Add(trustedRoot);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", CertificateChainPolicy = chain });
        return new RawMqttConnection(tcp, tls);
    }

    /// <summary>Opens a connection, sends a clean-session CONNECT with the id and expects a successful CONNACK.</summary>
    public static async Task<RawMqttConnection> ConnectAsync(int port, string clientId, int level)
    {
        var connection = await OpenAsync(port);
        await connection.SendAsync(Connect(clientId, cleanSession: true, level));
        var connAck = await connection.ReadAsync();
        if (connAck is not { Type: MqttFrame.ConnAck } || connAck.Body[1] != 0)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException($"CONNECT of '{clientId}' was not accepted: {connAck?.Body[1]}");
        }

        return connection;
    }

    public async Task SendAsync(byte[] packet) => await _stream.WriteAsync(packet);

    /// <summary>The next packet from the broker, or null once it closed the connection.</summary>
    public async Task<MqttFrame?> ReadAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var first = new byte[1];
        if (!await ReadExactlyOrEndAsync(first, cts.Token))
        {
            return null;
        }

        int length = 0, shift = 0;
        var next = new byte[1];
        do
        {
            if (!await ReadExactlyOrEndAsync(next, cts.Token))
            {
                return null;
            }

            length |= (next[0] & 0x7F) << shift;
            shift += 7;
        }
        while ((next[0] & 0x80) != 0);

        var body = new byte[length];
        return await ReadExactlyOrEndAsync(body, cts.Token) ? new MqttFrame(first[0] >> 4, first[0] & 0x0F, body) : null;
    }

    public static byte[] Connect(string clientId, bool cleanSession, int level, byte[]? properties = null)
    {
        var body = new List<byte>();
        AddString(body, "MQTT");
        body.Add((byte)level);
        body.Add(cleanSession ? (byte)0x02 : (byte)0x00);
        body.AddRange([0, 30]);
        if (level == 5)
        {
            AddProperties(body, properties ?? []);
        }

        AddString(body, clientId);
        return Packet(0x10, body);
    }

    /// <summary>A DISCONNECT without reason or properties (the same two bytes in MQTT 3.1.1 and 5).</summary>
    public static byte[] Disconnect() => [0xE0, 0x00];

    /// <summary>A PUBLISH; <paramref name="topicAlias"/> (MQTT 5 only) is sent when not 0.</summary>
    public static byte[] Publish(string topic, string payload, int qos, ushort packetId, int level, ushort topicAlias = 0)
    {
        var body = new List<byte>();
        AddString(body, topic);
        if (qos > 0)
        {
            body.AddRange([(byte)(packetId >> 8), (byte)packetId]);
        }

        if (level == 5)
        {
            AddProperties(body, topicAlias == 0 ? [] : [0x23, (byte)(topicAlias >> 8), (byte)topicAlias]);
        }

        body.AddRange(Encoding.UTF8.GetBytes(payload));
        return Packet((byte)(0x30 | (qos << 1)), body);
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.ReadExactlyAsync(buffer, cancellationToken);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
        catch (IOException)
        {
            // A reset connection is a closed one too.
            return false;
        }
    }

    private static void AddString(List<byte> body, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        body.AddRange([(byte)(bytes.Length >> 8), (byte)bytes.Length]);
        body.AddRange(bytes);
    }

    private static void AddProperties(List<byte> body, byte[] properties)
    {
        AddVariableByteInteger(body, properties.Length);
        body.AddRange(properties);
    }

    private static byte[] Packet(byte first, List<byte> body)
    {
        var packet = new List<byte> { first };
        AddVariableByteInteger(packet, body.Count);
        packet.AddRange(body);
        return [.. packet];
    }

    private static void AddVariableByteInteger(List<byte> bytes, int value)
    {
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            bytes.Add(value > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (value > 0);
    }
}
