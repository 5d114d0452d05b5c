using System.Net;
using System.Net.Sockets;

namespace DigitalTwin.EndToEnd.Tests.Dashboard;

/// <summary>
/// A TCP relay between the browser and the silo that the test can cut, as a network drop or a restarted proxy would:
/// <see cref="Cut"/> closes every relayed connection and refuses new ones until <see cref="Restore"/>. It can also
/// stall the way to the browser (<see cref="Pause"/>), as a slow network or a busy client does, so the silo's socket
/// buffers fill and the feed's consumer falls behind.
/// </summary>
public sealed class TcpRelay : IDisposable
{
    private readonly int _target;
    private readonly List<TcpClient> _connections = [];
    private TcpListener? _listener;
    private volatile TaskCompletionSource _flowing = Flowing();

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

    /// <summary>Stops reading from the silo: nothing more reaches the browser until <see cref="Resume"/>.</summary>
    public void Pause() => _flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Resume() => _flowing.TrySetResult();

    public void Dispose()
    {
        Resume();
        Cut();
    }

    private static TaskCompletionSource Flowing()
    {
        var flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        flowing.SetResult();
        return flowing;
    }

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

    private async Task PipeAsync(TcpClient client, TcpClient upstream)
    {
        using (client)
        using (upstream)
        {
            try
            {
                await Task.WhenAny(CopyAsync(client.GetStream(), upstream.GetStream(), towardBrowser: false), CopyAsync(upstream.GetStream(), client.GetStream(), towardBrowser: true));
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException)
            {
                // The relay was cut, or one side closed: both go.
            }
        }
    }

    private async Task CopyAsync(Stream from, Stream to, bool towardBrowser)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            if (towardBrowser)
            {
                await _flowing.Task;
            }

            var read = await from.ReadAsync(buffer);
            if (read == 0)
            {
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read));
        }
    }
}
