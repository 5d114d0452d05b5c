namespace DigitalTwin.Ingest;

/// <summary>How the bench's one consumer of every twin update receives them (<c>--updates-via</c>).</summary>
public enum UpdatePath
{
    /// <summary>An MQTT subscriber of <c>twin/+/update</c> on the embedded broker.</summary>
    Mqtt,

    /// <summary>Server-Sent Events, one event per update: <c>/api/v1/events?events=twin_update</c>.</summary>
    Feed,

    /// <summary>The batched firehose: <c>/api/v1/events/batches?events=twin_update</c>.</summary>
    Batches,
}
