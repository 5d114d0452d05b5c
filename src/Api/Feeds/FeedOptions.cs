namespace DigitalTwin.Api.Feeds;

/// <summary>Limits of the live feeds (<c>/ws</c> and the SSE routes). Bound from <c>Api:Feeds</c>.</summary>
public sealed class FeedOptions
{
    public const string SectionName = "Api:Feeds";

    /// <summary>Events held for one connection that reads too slowly; past it the oldest are dropped and a gap notice says how many.</summary>
    public int BufferSize { get; set; } = 1000;

    /// <summary>
    /// Events held for one batched stream (<c>/api/v1/events/batches</c>) that reads too slowly. Larger than
    /// <see cref="BufferSize"/>: a consumer of every update must ride out a silo's pauses at full rate.
    /// </summary>
    public int BatchBufferSize { get; set; } = 100_000;

    /// <summary>Most events in one message of a batched stream; a client may ask for fewer with <c>max_events</c>.</summary>
    public int MaxBatchEvents { get; set; } = 1000;

    /// <summary>Subscriptions one WebSocket may hold at once.</summary>
    public int MaxSubscriptions { get; set; } = 100;

    /// <summary>Largest frame a WebSocket client may send; larger ones are discarded with a <c>FRAME_TOO_LARGE</c> error.</summary>
    public int MaxFrameBytes { get; set; } = 4096;

    /// <summary>How often an SSE stream sends a comment line and a WebSocket a ping, so proxies keep idle connections open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);
}
