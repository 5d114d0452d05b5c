using System.Buffers;
using System.Reflection;
using System.Text;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Events;
using DigitalTwin.Grains.Interfaces.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Feeds;

/// <summary>
/// The firehose: a Server-Sent Events stream whose every message carries all the events that waited when the
/// stream woke up, up to a limit, as <c>event: batch</c> with
/// <c>data: {"type":"batch","count":N,"events":[...]}</c> (each event the very JSON of the one-event feeds).
/// It exists for consumers of every update: one wake-up, one write and one flush per batch instead of per
/// event, and a buffer of <see cref="FeedOptions.BatchBufferSize"/> events, so a client keeps up at the
/// platform's full rate where one MQTT subscriber of <c>twin/+/update</c> cannot (docs/benchmarks.md,
/// "Twin update firehose"). Gaps, heartbeats and the end of the stream work as in <see cref="EventStreamResult"/>.
/// </summary>
internal sealed partial class BatchedEventStreamResult : IResult, IEndpointMetadataProvider
{
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();
    private static readonly byte[] EndOfEvent = "\n\n"u8.ToArray();

    private readonly FeedFilter _filter;
    private readonly int _maxEvents;

    internal BatchedEventStreamResult(FeedFilter filter, int maxEvents)
    {
        _filter = filter;
        _maxEvents = maxEvents;
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/event-stream"]));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var hub = services.GetRequiredService<TwinEventHub>();
        var metrics = services.GetRequiredService<FeedMetrics>();
        var options = services.GetRequiredService<IOptions<FeedOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILogger<BatchedEventStreamResult>>();

        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var consumer = new FeedConsumer($"sse-batch:{httpContext.Connection.Id}", options.BatchBufferSize, metrics.EventDroppedForConsumer);
        consumer.Subscribe(_filter);
        hub.Connect(consumer);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(
            httpContext.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var cancellationToken = ended.Token;
        using var heartbeat = new PeriodicTimer(options.HeartbeatInterval, clock);
        var frame = new ArrayBufferWriter<byte>(64 * 1024);
        var batch = new List<TwinEvent>(_maxEvents);
        long sequence = 0;
        long lost = 0;
        try
        {
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

                // Everything that waited goes out together; a gap ends the batch so it is told in its place.
                while (true)
                {
                    if (item.IsGap)
                    {
                        lost += item.Dropped;
                        WriteBatch(frame, batch, ref sequence);
                        WriteGap(frame, item.Dropped, ++sequence, clock.GetUtcNow());
                    }
                    else
                    {
                        batch.Add(item.Event!);
                        if (batch.Count == _maxEvents)
                        {
                            WriteBatch(frame, batch, ref sequence);
                        }
                    }

                    if (frame.WrittenCount >= 256 * 1024)
                    {
                        await response.Body.WriteAsync(frame.WrittenMemory, cancellationToken);
                        frame.ResetWrittenCount();
                    }

                    if (!consumer.Buffer.TryRead(out item))
                    {
                        break;
                    }
                }

                WriteBatch(frame, batch, ref sequence);
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

    /// <summary>Appends the waiting events as one SSE message, when there are any, and empties the list.</summary>
    private static void WriteBatch(ArrayBufferWriter<byte> frame, List<TwinEvent> batch, ref long sequence)
    {
        if (batch.Count == 0)
        {
            return;
        }

        Append(frame, $"id: {++sequence}\nevent: batch\ndata: {{\"type\":\"batch\",\"count\":{batch.Count},\"events\":[");
        for (var i = 0; i < batch.Count; i++)
        {
            if (i > 0)
            {
                frame.Write(","u8);
            }

            frame.Write(batch[i].Json);
        }

        frame.Write("]}"u8);
        frame.Write(EndOfEvent);
        batch.Clear();
    }

    private static void WriteGap(ArrayBufferWriter<byte> frame, long dropped, long sequence, DateTimeOffset now)
    {
        Append(frame, $"id: {sequence}\nevent: gap\ndata: ");
        frame.Write(FeedFrames.Gap(dropped, now));
        frame.Write(EndOfEvent);
    }

    private static void Append(ArrayBufferWriter<byte> frame, string text)
    {
        var span = frame.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        frame.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed consumer {Consumer} closed after losing {Dropped} events it read too slowly")]
    private static partial void LogStreamClosedWithGaps(ILogger logger, string consumer, long dropped);
}
