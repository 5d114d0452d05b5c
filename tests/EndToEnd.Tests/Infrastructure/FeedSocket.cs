using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>A <see cref="ClientWebSocket"/> on a silo's <c>/ws</c> that sends text frames and reads JSON frames.</summary>
public sealed class FeedSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    private FeedSocket()
    {
    }

    public ClientWebSocket Socket => _socket;

    /// <summary>Opens <c>/ws</c>, with <c>Authorization: Bearer</c> when a token is given.</summary>
    public static async Task<FeedSocket> ConnectAsync(SiloProcess silo, string? token = null)
    {
        var feed = new FeedSocket();
        if (token is not null)
        {
            feed._socket.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        }

        await feed._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{silo.HttpPort}/ws"), CancellationToken.None);
        return feed;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public Task SendAsync(byte[] bytes, WebSocketMessageType type) =>
        _socket.SendAsync(new ArraySegment<byte>(bytes), type, endOfMessage: true, CancellationToken.None);

    /// <summary>Subscribes and waits for the confirmation.</summary>
    public async Task SubscribeAsync(string frame)
    {
        await SendAsync(frame);
        await NextAsync(f => f.GetProperty("type").GetString() == "subscribed", TimeSpan.FromSeconds(10));
    }

    /// <summary>The next frame, or null when none came within the timeout.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            ValueWebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer.AsMemory(), cts.Token);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
    }

    /// <summary>Reads frames until one matches; fails when none does within the timeout.</summary>
    public async Task<JsonElement> NextAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        var seen = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            var frame = await ReceiveAsync(deadline - DateTime.UtcNow);
            if (frame is { } f)
            {
                if (match(f))
                {
                    return f;
                }

                seen.Add(f.ToString());
            }
        }

        throw new TimeoutException($"No matching frame in time; saw {seen.Count}: {string.Join('\n', seen.TakeLast(5))}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The test is over either way.
            }
        }

        _socket.Dispose();
    }
}
