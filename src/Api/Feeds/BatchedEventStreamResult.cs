using System.Buffers;
using System.Reflection;
using DigitalTwin.Grains.Events;
using DigitalTwin.Grains.Interfaces.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace DigitalTwin.Api.Feeds;

/// <summary>
/// The firehose: a Server-Sent Events stream whose every message carries all the events that waited when the
/// stream woke up, up to a limit, as <c>event: batch</c> with
/// <c>data: {"type":"batch","count":N,"events":[...]}</c> (each event the very JSON of the one-event feeds).
/// It exists for consumers of every update: one wake-up, one write and one flush per batch instead of per
/// event, and a buffer of <see cref="FeedOptions.BatchBufferSize"/> events, so a client keeps up at the
/// platform's full rate where one MQTT subscriber of <c>twin/+/update</c> cannot (docs/benchmarks.md,
/// "Twin update firehose"). Heartbeats, gaps (each ends the batch before it, so it is told in its place) and the
/// end of the stream as in <see cref="ServerSentEventFeed"/>.
/// </summary>
internal sealed class BatchedEventStreamResult(FeedFilter filter, int maxEvents) : ServerSentEventFeed(filter), IEndpointMetadataProvider
{
    private readonly List<TwinEvent> _batch = new(maxEvents);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/event-stream"]));

    protected override string ConsumerPrefix => "sse-batch";

    protected override int BufferSize(FeedOptions options) => options.BatchBufferSize;

    protected override void Append(ArrayBufferWriter<byte> frame, FeedItem item, ref long sequence, DateTimeOffset now)
    {
        if (item.IsGap)
        {
            Complete(frame, ref sequence);
            AppendGap(frame, item.Dropped, ++sequence, now);
            return;
        }

        _batch.Add(item.Event!);
        if (_batch.Count == maxEvents)
        {
            Complete(frame, ref sequence);
        }
    }

    /// <summary>Appends the waiting events as one SSE message, when there are any, and empties the batch.</summary>
    protected override void Complete(ArrayBufferWriter<byte> frame, ref long sequence)
    {
        if (_batch.Count == 0)
        {
            return;
        }

        AppendText(frame, $"id: {++sequence}\nevent: batch\ndata: {{\"type\":\"batch\",\"count\":{_batch.Count},\"events\":[");
        for (var i = 0; i < _batch.Count; i++)
        {
            if (i > 0)
            {
                frame.Write(","u8);
            }

            frame.Write(_batch[i].Json);
        }

        frame.Write("]}"u8);
        frame.Write(EndOfEvent);
        _batch.Clear();
    }
}
