using System.Buffers;
using System.Text;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Feeds;

/// <summary>
/// A Server-Sent Events stream of the live feed, whatever the framing of its events: subscribes a consumer to the
/// silo's events, writes everything that waited (framed by <see cref="Append"/>) in one write and one flush, a comment
/// line every <see cref="FeedOptions.HeartbeatInterval"/> so that proxies keep an idle stream open, and runs until the
/// client disconnects or the silo stops. A client that reads too slowly gets a <c>gap</c> event saying how many events
/// it lost, in their place.
/// </summary>
internal abstract partial class ServerSentEventFeed(FeedFilter filter) : IResult
{
    protected static readonly byte[] EndOfEvent = "\n\n"u8.ToArray();

    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    // What waited is written in pieces of this size, so a burst of 100,000 events does not sit in memory whole.
    private const int WriteThreshold = 256 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var hub = services.GetRequiredService<TwinEventHub>();
        var metrics = services.GetRequiredService<FeedMetrics>();
        var options = services.GetRequiredService<IOptions<FeedOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILogger<ServerSentEventFeed>>();

        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var consumer = new FeedConsumer($"{ConsumerPrefix}:{httpContext.Connection.Id}", BufferSize(options), metrics.EventDroppedForConsumer);
        consumer.Subscribe(filter);
        hub.Connect(consumer);
        // Ends with the client or with the silo: an open stream must not hold up shutdown.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(
            httpContext.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var cancellationToken = ended.Token;
        using var heartbeat = new PeriodicTimer(options.HeartbeatInterval, clock);
        var frame = new ArrayBufferWriter<byte>(64 * 1024);
        long sequence = 0;
        long lost = 0;
        try
        {
            // Headers out at once: the client knows it is subscribed before the first event.
            await response.Body.FlushAsync(cancellationToken);
            var tick = heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
            Task<FeedItem>? read = null;
            while (true)
            {
                read ??= consumer.Buffer.ReadAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(read, tick) == tick)
                {
                    await tick;
                    await response.Body.WriteAsync(Heartbeat, cancellationToken);
                    await response.Body.FlushAsync(cancellationToken);
                    tick = heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
                    continue;
                }

                var item = await read;
                read = null;
                do
                {
                    lost += item.Dropped;
                    Append(frame, item, ref sequence, clock.GetUtcNow());
                    if (frame.WrittenCount >= WriteThreshold)
                    {
                        await response.Body.WriteAsync(frame.WrittenMemory, cancellationToken);
                        frame.ResetWrittenCount();
                    }
                }
                while (consumer.Buffer.TryRead(out item));

                Complete(frame, ref sequence);
                await response.Body.WriteAsync(frame.WrittenMemory, cancellationToken);
                frame.ResetWrittenCount();
                await response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client closed the stream.
        }
        catch (IOException)
        {
            // The connection broke while writing.
        }
        finally
        {
            hub.Disconnect(consumer);
            if (lost > 0)
            {
                LogStreamClosedWithGaps(logger, consumer.Name, lost);
            }
        }
    }

    /// <summary>How the stream's consumer is named (before its connection id) in logs and metrics.</summary>
    protected abstract string ConsumerPrefix { get; }

    /// <summary>Events the stream's consumer may hold before it loses the oldest.</summary>
    protected abstract int BufferSize(FeedOptions options);

    /// <summary>Frames one item of the feed, an event or a gap, into <paramref name="frame"/>; <paramref name="sequence"/> numbers the SSE messages.</summary>
    protected abstract void Append(ArrayBufferWriter<byte> frame, FeedItem item, ref long sequence, DateTimeOffset now);

    /// <summary>Frames what <see cref="Append"/> held back once nothing more waits; nothing by default.</summary>
    protected virtual void Complete(ArrayBufferWriter<byte> frame, ref long sequence)
    {
    }

    /// <summary>A gap event: <c>id:</c>, <c>event: gap</c> and how many events were lost.</summary>
    protected static void AppendGap(ArrayBufferWriter<byte> frame, long dropped, long sequence, DateTimeOffset now)
    {
        AppendText(frame, $"id: {sequence}\nevent: gap\ndata: ");
        frame.Write(FeedFrames.Gap(dropped, now));
        frame.Write(EndOfEvent);
    }

    protected static void AppendText(ArrayBufferWriter<byte> frame, string text)
    {
        var span = frame.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        frame.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed consumer {Consumer} closed after losing {Dropped} events it read too slowly")]
    private static partial void LogStreamClosedWithGaps(ILogger logger, string consumer, long dropped);
}
