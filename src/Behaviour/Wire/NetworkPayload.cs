using System.Buffers;
using System.Text.Json;
using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Wire;

/// <summary>
/// The JSON a device (or probe) publishes on <c>device/{id}/network</c>, documented in docs/mqtt.md:
/// <c>{"schema":2,"window_start":&lt;epoch seconds&gt;,"window_seconds":10,"features":{"packets_in":12,...}}</c>.
/// Unmeasured (NaN) features are left out.
/// </summary>
public static class NetworkPayload
{
    public const string SchemaProperty = "schema";
    public const string WindowStartProperty = "window_start";
    public const string WindowSecondsProperty = "window_seconds";
    public const string FeaturesProperty = "features";

    public static byte[] ToUtf8Bytes(NetworkWindow window)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, window);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, NetworkWindow window)
    {
        writer.WriteStartObject();
        writer.WriteNumber(SchemaProperty, window.SchemaVersion);
        writer.WriteNumber(WindowStartProperty, window.Start.ToUnixTimeMilliseconds() / 1000.0);
        writer.WriteNumber(WindowSecondsProperty, window.Seconds);
        writer.WriteStartObject(FeaturesProperty);
        foreach (var feature in FeatureCatalog.All)
        {
            var value = window.Values[(int)feature.Feature];
            if (double.IsFinite(value))
            {
                writer.WriteNumber(feature.Name, Math.Round(value, 6));
            }
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
