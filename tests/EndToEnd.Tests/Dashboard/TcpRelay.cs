using System.Net;
using System.Net.Sockets;

namespace DigitalTwin.EndToEnd.Tests.Dashboard;

/// <summary>
/// A TCP relay between the browser and the silo that the test can cut, as a network drop or a restarted proxy would:
/// <see cref="Cut"/> closes every relayed connection and refuses new ones until <see cref="Restore"/>.
/// </summary>
public sealed class TcpRelay : IDisposable
{
    private readonly int _target;
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;

    private TcpRelay(int port, int target)
    {
        Port = port;
        _target = target;
    }

    public int Port { get; }

    public static TcpRelay Start(int target)
    {
        var relay = new TcpRelay(FreePort.Next(), target);
        relay.Restore();
        return relay;
    }

    /// <summary>Closes every connection through the relay and stops listening: new connections are refused.</summary>
    public void Cut()
    {
        _listener?.Stop();
        _listener = null;
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public void Restore()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    public void Dispose() => Cut();

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _target);
            }
            catch (SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_connections)
            {
                _connections.Add(client);
                _connections.Add(upstream);
            }

            _ = PipeAsync(client, upstream);
        }
    }

    private static async Task PipeAsync(TcpClient client, TcpClient upstream)
    {
        using (client)
        using (upstream)
        {
            try
            {
                await Task.WhenAny(client.GetStream().CopyToAsync(upstream.GetStream()), upstream.GetStream().CopyToAsync(client.GetStream()));
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                // The relay was cut, or one side closed: both go.
            }
        }
    }
}
