using System.Text.Json;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Grains.Events;
using DigitalTwin.Grains.Payloads;
using DigitalTwin.Grains.Twins;

namespace DigitalTwin.Api.Feeds;

/// <summary>
/// Reads what feed clients ask for: WebSocket frames
/// (<c>{"action":"subscribe|unsubscribe","twin_id":"...","type":"...","events":["twin_update",...]}</c>) and the
/// same filter as SSE query parameters. One set of rules for both.
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
                    default:
                        return new(FeedErrorCodes.InvalidFrame, $"unknown key '{ApiErrors.Echo(property.Name)}': use action, twin_id, type and events");
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

            var error = TryReadFilter(twinId, type, events, out var filter);
            request = error is null ? new FeedRequest(subscribe, filter!) : null;
            return error;
        }
    }

    /// <summary>The filter of an SSE request: <c>events</c> is a comma-separated list.</summary>
    public static FeedRequestError? TryReadQuery(string? twinId, string? type, string? events, out FeedFilter? filter) =>
        TryReadFilter(twinId, type, events?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), out filter);

    private static FeedRequestError? TryReadFilter(string? twinId, string? type, IEnumerable<string>? events, out FeedFilter? filter)
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
            return new(FeedErrorCodes.InvalidEventType, $"unknown event type '{ApiErrors.Echo(unknown!)}': use twin_update, presence, alert or command_status");
        }

        filter = new FeedFilter(twinId, type, types);
        return null;
    }

}
