using System.Text.Json;
using DigitalTwin.DeviceSimulator.Telemetry;

namespace DigitalTwin.DeviceSimulator.Control;

/// <summary>
/// Applies the twin's desired document (retained on <c>device/{id}/desired</c>) to a device: the fields of
/// <c>delta</c> (all of <c>desired</c> when the document has no delta) that the type supports. Applying the same
/// document twice changes nothing more, as docs/mqtt.md expects of devices.
/// </summary>
internal sealed class DesiredStateHandler(DeviceModel model)
{
    /// <summary>Null for an empty payload (the twin was deleted) or one that is not a desired document.</summary>
    public DesiredApplication? Apply(ReadOnlySpan<byte> payload, DateTimeOffset now)
    {
        if (payload.IsEmpty)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            long? version = root.TryGetProperty("version", out var v) && v.TryGetInt64(out var number) ? number : null;
            if (!(root.TryGetProperty("delta", out var fields) && fields.ValueKind == JsonValueKind.Object)
                && !(root.TryGetProperty("desired", out fields) && fields.ValueKind == JsonValueKind.Object))
            {
                return null;
            }

            var applied = new List<string>();
            var refused = new List<KeyValuePair<string, string>>();
            foreach (var field in fields.EnumerateObject())
            {
                switch (model.ApplyDesired(field.Name, field.Value, now, out var reason))
                {
                    case DesiredFieldResult.Applied:
                        applied.Add(field.Name);
                        break;
                    case DesiredFieldResult.Invalid:
                        refused.Add(new(field.Name, reason ?? "value refused"));
                        break;
                }
            }

            return new DesiredApplication(version, applied, refused, model.State());
        }
    }
}
