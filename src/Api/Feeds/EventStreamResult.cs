using System.Buffers;
using System.Reflection;
using DigitalTwin.Grains.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace DigitalTwin.Api.Feeds;

/// <summary>
/// A Server-Sent Events stream of the live feed, one message per event: <c>id:</c> a per-stream sequence,
/// <c>event:</c> the event type, <c>data:</c> the event's JSON (<see cref="ServerSentEventFeed"/> for heartbeats, gaps
/// and the end of the stream).
/// </summary>
internal sealed class EventStreamResult(FeedFilter filter) : ServerSentEventFeed(filter), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/event-stream"]));

    protected override string ConsumerPrefix => "sse";

    protected override int BufferSize(FeedOptions options) => options.BufferSize;

    protected override void Append(ArrayBufferWriter<byte> frame, FeedItem item, ref long sequence, DateTimeOffset now)
    {
        if (item.IsGap)
        {
            AppendGap(frame, item.Dropped, ++sequence, now);
            return;
        }

        AppendText(frame, $"id: {++sequence}\nevent: {item.Event!.Type}\ndata: ");
        frame.Write(item.Event.Json);
        frame.Write(EndOfEvent);
    }
}
