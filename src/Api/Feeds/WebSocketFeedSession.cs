using System.Net.WebSockets;
using System.Threading.Channels;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Events;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Api.Feeds;

/// <summary>
/// One WebSocket on <c>/ws</c>: reads the client's subscribe/unsubscribe frames and sends it the events its
/// subscriptions match. Events wait in the connection's bounded buffer, so a client that stops reading only
/// loses its own oldest events (announced with a gap frame); every bad frame gets an error frame and the
/// connection stays usable.
/// </summary>
internal sealed partial class WebSocketFeedSession(
    WebSocket socket,
    FeedConsumer consumer,
    FeedOptions options,
    TimeProvider clock,
    ILogger logger)
{
    private readonly SemaphoreSlim _sending = new(1, 1);

    public async Task RunAsync(CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var pump = SendEventsAsync(stop.Token);
        try
        {
            await ReceiveAsync(stop.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away; nothing to answer.
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
        }
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var frame = new byte[options.MaxFrameBytes];
        var discard = new byte[4096];
        while (true)
        {
            var length = 0;
            var tooLarge = false;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == frame.Length)
                {
                    // Past the limit: read the rest of the message away, keeping nothing.
                    tooLarge = true;
                    result = await socket.ReceiveAsync(discard.AsMemory(), cancellationToken);
                }
                else
                {
                    result = await socket.ReceiveAsync(frame.AsMemory(length), cancellationToken);
                    length += result.Count;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await SendLockedAsync(() => socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken), cancellationToken);
                    return;
                }
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                await SendErrorAsync(FeedErrorCodes.BinaryNotSupported, "send subscriptions as JSON text frames", cancellationToken);
            }
            else if (tooLarge)
            {
                await SendErrorAsync(FeedErrorCodes.FrameTooLarge, $"frames are limited to {options.MaxFrameBytes} bytes (Api:Feeds:MaxFrameBytes)", cancellationToken);
            }
            else
            {
                await HandleAsync(frame.AsMemory(0, length), cancellationToken);
            }
        }
    }

    private Task HandleAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var error = FeedRequestReader.TryRead(frame, out var request);
        if (error is not null)
        {
            return SendErrorAsync(error.Code, error.Message, cancellationToken);
        }

        if (request!.Subscribe)
        {
            if (consumer.SubscriptionCount >= options.MaxSubscriptions)
            {
                return SendErrorAsync(FeedErrorCodes.TooManySubscriptions, $"a connection holds at most {options.MaxSubscriptions} subscriptions (Api:Feeds:MaxSubscriptions)", cancellationToken);
            }

            consumer.Subscribe(request.Filter);
        }
        else if (!consumer.Unsubscribe(request.Filter))
        {
            return SendErrorAsync(FeedErrorCodes.NotSubscribed, "no subscription has this twin_id, type and events", cancellationToken);
        }

        return SendAsync(FeedFrames.Confirmation(request.Subscribe, request.Filter, consumer.SubscriptionCount), cancellationToken);
    }

    private async Task SendEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var item = await consumer.Buffer.ReadAsync(cancellationToken);
                if (item.IsGap)
                {
                    LogGap(logger, consumer.Name, item.Dropped);
                    await SendAsync(FeedFrames.Gap(item.Dropped, clock.GetUtcNow()), cancellationToken);
                }
                else
                {
                    await SendAsync(item.Event!.Json, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ChannelClosedException)
        {
            // The connection ended; the session is over.
        }
    }

    private Task SendErrorAsync(string code, string message, CancellationToken cancellationToken)
    {
        LogRefusedFrame(logger, consumer.Name, code, message);
        return SendAsync(FeedFrames.Error(code, message), cancellationToken);
    }

    private Task SendAsync(byte[] frame, CancellationToken cancellationToken) =>
        SendLockedAsync(() => socket.SendAsync(new ArraySegment<byte>(frame), WebSocketMessageType.Text, endOfMessage: true, cancellationToken), cancellationToken);

    /// <summary>A WebSocket takes one send at a time: replies and events take turns.</summary>
    private async Task SendLockedAsync(Func<Task> send, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await send();
        }
        finally
        {
            _sending.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed consumer {Consumer} fell behind: {Dropped} events dropped")]
    private static partial void LogGap(ILogger logger, string consumer, long dropped);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed consumer {Consumer} sent a refused frame: {Code} {Reason}")]
    private static partial void LogRefusedFrame(ILogger logger, string consumer, string code, string reason);
}
