using System.Buffers;
using System.Text.Json;
using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Wire;

/// <summary>
/// The JSON a device (or probe) publishes on <c>device/{id}/network</c>, documented in docs/mqtt.md:
/// <c>{"schema":3,"window_start":&lt;epoch seconds&gt;,"window_seconds":10,"features":{"packets_in":12,...}}</c>.
/// Only the features the window's schema version defines are written, and of those the unmeasured (NaN) are left out.
/// </summary>
public static class NetworkPayload
{
    public const string SchemaProperty = "schema";
    public const string WindowStartProperty = "window_start";
    public const string WindowSecondsProperty = "window_seconds";
    public const string FeaturesProperty = "features";
    public const string SourceProperty = "source";
    public const string TypeProperty = "type";
    public const string DeviceSource = "device";
    public const string ProbeSource = "probe";

    public static string NameOf(NetworkSource source) => source == NetworkSource.Probe ? ProbeSource : DeviceSource;

    public static byte[] ToUtf8Bytes(NetworkWindow window, NetworkWindowOrigin? origin = null)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, window, origin);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the payload; <paramref name="origin"/>'s source and type are written when given (a device's own windows leave them out).</summary>
    public static void Write(Utf8JsonWriter writer, NetworkWindow window, NetworkWindowOrigin? origin = null)
    {
        writer.WriteStartObject();
        writer.WriteNumber(SchemaProperty, window.SchemaVersion);
        if (origin is { } known)
        {
            writer.WriteString(SourceProperty, NameOf(known.Source));
            if (known.DeviceType is { } type)
            {
                writer.WriteString(TypeProperty, type);
            }
        }

        writer.WriteNumber(WindowStartProperty, window.Start.ToUnixTimeMilliseconds() / 1000.0);
        writer.WriteNumber(WindowSecondsProperty, window.Seconds);
        writer.WriteStartObject(FeaturesProperty);
        foreach (var feature in FeatureCatalog.All)
        {
            if (!FeatureCatalog.Defines(window.SchemaVersion, feature.Feature))
            {
                continue;
            }

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
