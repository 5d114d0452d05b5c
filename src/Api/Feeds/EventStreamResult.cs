using System.Reflection;
using System.Text;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Events;
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
/// A Server-Sent Events stream of the live feed: <c>id:</c> a per-stream sequence, <c>event:</c> the event type,
/// <c>data:</c> the event's JSON; a comment line every <see cref="FeedOptions.HeartbeatInterval"/> keeps proxies from
/// closing an idle stream. Runs until the client disconnects; a client that reads too slowly gets a
/// <c>gap</c> event saying how many events it lost.
/// </summary>
internal sealed partial class EventStreamResult : IResult, IEndpointMetadataProvider
{
    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();
    private static readonly byte[] EndOfEvent = "\n\n"u8.ToArray();

    private readonly FeedFilter _filter;

    internal EventStreamResult(FeedFilter filter) => _filter = filter;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/event-stream"]));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var hub = services.GetRequiredService<TwinEventHub>();
        var metrics = services.GetRequiredService<FeedMetrics>();
        var options = services.GetRequiredService<IOptions<FeedOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        var logger = services.GetRequiredService<ILogger<EventStreamResult>>();

        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var consumer = new FeedConsumer($"sse:{httpContext.Connection.Id}", options.BufferSize, metrics.EventDroppedForConsumer);
        consumer.Subscribe(_filter);
        hub.Connect(consumer);
        // Ends with the client or with the silo: an open stream must not hold up shutdown.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(
            httpContext.RequestAborted, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var cancellationToken = ended.Token;
        using var heartbeat = new PeriodicTimer(options.HeartbeatInterval, clock);
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
                if (read is null && consumer.Buffer.TryRead(out var ready))
                {
                    lost += ready.Dropped;
                    await WriteAsync(response, ready, ++sequence, clock, cancellationToken);
                    continue;
                }

                await response.Body.FlushAsync(cancellationToken);
                read ??= consumer.Buffer.ReadAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(read, tick) == tick)
                {
                    await tick;
                    await response.Body.WriteAsync(Heartbeat, cancellationToken);
                    tick = heartbeat.WaitForNextTickAsync(cancellationToken).AsTask();
                    continue;
                }

                var item = await read;
                read = null;
                lost += item.Dropped;
                await WriteAsync(response, item, ++sequence, clock, cancellationToken);
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

    private static async Task WriteAsync(HttpResponse response, FeedItem item, long sequence, TimeProvider clock, CancellationToken cancellationToken)
    {
        var type = item.IsGap ? "gap" : item.Event!.Type;
        var json = item.IsGap ? FeedFrames.Gap(item.Dropped, clock.GetUtcNow()) : item.Event!.Json;
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"id: {sequence}\nevent: {type}\ndata: "), cancellationToken);
        await response.Body.WriteAsync(json, cancellationToken);
        await response.Body.WriteAsync(EndOfEvent, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feed consumer {Consumer} closed after losing {Dropped} events it read too slowly")]
    private static partial void LogStreamClosedWithGaps(ILogger logger, string consumer, long dropped);
}
