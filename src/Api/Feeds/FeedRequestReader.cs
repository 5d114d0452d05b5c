using System.Text.Json;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Events;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Grains.Twins;
using DigitalTwin.Wire;
using DigitalTwin.Wire.Payloads;

namespace DigitalTwin.Api.Feeds;

/// <summary>
/// Reads what feed clients ask for: WebSocket frames
/// (<c>{"action":"subscribe|unsubscribe","twin_id":"...","type":"...","events":["twin_update",...],"severity":"critical","alert_type":"port_scan"}</c>)
/// and the same filter as SSE query parameters. One set of rules for both.
/// </summary>
internal static class FeedRequestReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 4 };

    public static FeedRequestError? TryRead(ReadOnlyMemory<byte> frame, out FeedRequest? request)
    {
        request = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(frame, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return new(FeedErrorCodes.InvalidJson, $"the frame is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new(FeedErrorCodes.InvalidFrame, "a frame must be a JSON object with an 'action'");
            }

            string? action = null;
            string? twinId = null;
            string? type = null;
            List<string>? events = null;
            string? severity = null;
            string? alertType = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "action" when property.Value.ValueKind == JsonValueKind.String:
                        action = property.Value.GetString();
                        break;
                    case "action":
                        return new(FeedErrorCodes.InvalidFrame, "'action' must be a string: subscribe or unsubscribe");
                    case "twin_id" when property.Value.ValueKind == JsonValueKind.String:
                        twinId = property.Value.GetString();
                        break;
                    case "twin_id":
                        return new(FeedErrorCodes.InvalidTwinId, $"'twin_id' must be a string: {DeviceId.Rule}");
                    case "type" when property.Value.ValueKind == JsonValueKind.String:
                        type = property.Value.GetString();
                        break;
                    case "type":
                        return new(FeedErrorCodes.InvalidType, $"'type' must be a string of {FieldLimits.NameRule}");
                    case "events" when property.Value.ValueKind == JsonValueKind.Array:
                        events = [];
                        foreach (var item in property.Value.EnumerateArray())
                        {
                            if (item.ValueKind != JsonValueKind.String)
                            {
                                return new(FeedErrorCodes.InvalidEventType, "'events' must be an array of event type names");
                            }

                            events.Add(item.GetString()!);
                        }

                        break;
                    case "events":
                        return new(FeedErrorCodes.InvalidEventType, "'events' must be an array of event type names");
                    case "severity" when property.Value.ValueKind == JsonValueKind.String:
                        severity = property.Value.GetString();
                        break;
                    case "severity":
                        return new(FeedErrorCodes.InvalidSeverity, SeverityRule);
                    case "alert_type" when property.Value.ValueKind == JsonValueKind.String:
                        alertType = property.Value.GetString();
                        break;
                    case "alert_type":
                        return new(FeedErrorCodes.InvalidAlertType, AlertTypeRule);
                    default:
                        return new(FeedErrorCodes.InvalidFrame, $"unknown key '{ApiErrors.Echo(property.Name)}': use action, twin_id, type, events, severity and alert_type");
                }
            }

            bool subscribe;
            switch (action)
            {
                case "subscribe":
                    subscribe = true;
                    break;
                case "unsubscribe":
                    subscribe = false;
                    break;
                case null:
                    return new(FeedErrorCodes.InvalidFrame, "the frame has no 'action': use subscribe or unsubscribe");
                default:
                    return new(FeedErrorCodes.UnknownAction, $"unknown action '{ApiErrors.Echo(action)}': use subscribe or unsubscribe");
            }

            var error = TryReadFilter(twinId, type, events, severity, alertType, out var filter);
            request = error is null ? new FeedRequest(subscribe, filter!) : null;
            return error;
        }
    }

    /// <summary>The filter of an SSE request: <c>events</c> is a comma-separated list.</summary>
    public static FeedRequestError? TryReadQuery(string? twinId, string? type, string? events, string? severity, string? alertType, out FeedFilter? filter) =>
        TryReadFilter(twinId, type, events?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), severity, alertType, out filter);

    private static string SeverityRule => $"'severity' must be {WireNames.Of(AlertSeverity.Warning)} or {WireNames.Of(AlertSeverity.Critical)}";

    private static string AlertTypeRule => $"'alert_type' must be one of {string.Join(", ", SuspectedBehaviour.All)}";

    private static FeedRequestError? TryReadFilter(
        string? twinId, string? type, IEnumerable<string>? events, string? severity, string? alertType, out FeedFilter? filter)
    {
        filter = null;
        if (twinId is not null && !DeviceId.IsValid(twinId))
        {
            return new(FeedErrorCodes.InvalidTwinId, $"'{ApiErrors.Echo(twinId)}' is not a valid twin id: {DeviceId.Rule}");
        }

        if (type is not null && !FieldSetReader.IsValidName(type))
        {
            return new(FeedErrorCodes.InvalidType, $"'type' must be {FieldLimits.NameRule}");
        }

        if (!FeedFilter.TryParseEvents(events ?? [], out var types, out var unknown))
        {
            return new(FeedErrorCodes.InvalidEventType, $"unknown event type '{ApiErrors.Echo(unknown!)}': use twin_update, presence, alert, command_status or anomaly_alert");
        }

        // The filter keeps the canonical names, so matching compares strings that are mostly the same instance.
        string? severityName = null;
        if (severity is not null)
        {
            severityName = Enum.GetValues<AlertSeverity>().Select(WireNames.Of).FirstOrDefault(name => name == severity);
            if (severityName is null)
            {
                return new(FeedErrorCodes.InvalidSeverity, $"{SeverityRule}, got '{ApiErrors.Echo(severity)}'");
            }
        }

        string? alertTypeName = null;
        if (alertType is not null)
        {
            var index = SuspectedBehaviour.IndexOf(alertType);
            if (index < 0)
            {
                return new(FeedErrorCodes.InvalidAlertType, $"{AlertTypeRule}, got '{ApiErrors.Echo(alertType)}'");
            }

            alertTypeName = SuspectedBehaviour.All[index];
        }

        filter = new FeedFilter(twinId, type, types, severityName, alertTypeName);
        return null;
    }

}
