using System.Buffers;
using System.Text.Json;
using DigitalTwin.Grains.Events;

namespace DigitalTwin.Api.Feeds;

/// <summary>The frames the feeds write themselves (events are sent as their producer rendered them).</summary>
internal static class FeedFrames
{
    /// <summary><c>{"type":"gap","dropped":N,"timestamp":...}</c>: the consumer lost N events before the next one.</summary>
    public static byte[] Gap(long dropped, DateTimeOffset now) => Write(writer =>
    {
        writer.WriteString("type", "gap");
        writer.WriteNumber("dropped", dropped);
        writer.WriteString("timestamp", now.UtcDateTime);
    });

    /// <summary><c>{"type":"error","code":"...","message":"..."}</c>.</summary>
    public static byte[] Error(string code, string message) => Write(writer =>
    {
        writer.WriteString("type", "error");
        writer.WriteString("code", code);
        writer.WriteString("message", message);
    });

    /// <summary><c>{"type":"subscribed|unsubscribed","filter":{...},"subscriptions":N}</c>.</summary>
    public static byte[] Confirmation(bool subscribed, FeedFilter filter, int subscriptions) => Write(writer =>
    {
        writer.WriteString("type", subscribed ? "subscribed" : "unsubscribed");
        writer.WriteStartObject("filter");
        if (filter.TwinId is not null)
        {
            writer.WriteString("twin_id", filter.TwinId);
        }

        if (filter.TwinType is not null)
        {
            writer.WriteString("type", filter.TwinType);
        }

        writer.WriteStartArray("events");
        foreach (var name in FeedFilter.NamesOf(filter.Events))
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
        if (filter.AlertSeverity is not null)
        {
            writer.WriteString("severity", filter.AlertSeverity);
        }

        if (filter.AlertType is not null)
        {
            writer.WriteString("alert_type", filter.AlertType);
        }

        writer.WriteEndObject();
        writer.WriteNumber("subscriptions", subscriptions);
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
