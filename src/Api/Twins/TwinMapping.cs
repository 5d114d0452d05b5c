using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Wire;

namespace DigitalTwin.Api.Twins;

/// <summary>Turns grain contracts into API responses.</summary>
internal static class TwinMapping
{
    public static TwinResponse ToResponse(this TwinSnapshot twin) => new(
        twin.Id,
        twin.Type,
        Name(twin.Lifecycle),
        Name(twin.Presence),
        twin.LastSeen,
        new FieldView<ReportedField, object?>(twin.Reported, static field => field.Value.ToObject()),
        new FieldView<ReportedField, DateTimeOffset>(twin.Reported, static field => field.UpdatedAt),
        new FieldView<FieldValue, object?>(twin.Metadata, static value => value.ToObject()),
        new FieldView<FieldValue, object?>(twin.Properties, static value => value.ToObject()),
        twin.CreatedAt,
        twin.LastUpdated,
        twin.Version,
        new TwinMessageCounts(twin.Counters.Accepted, twin.Counters.Stale, twin.Counters.Ignored, twin.Counters.Rejected, twin.Counters.ClockSkewed),
        new FieldView<DesiredField, object?>(twin.Desired, static field => field.Value.ToObject()),
        new FieldView<FieldValue, object?>(twin.Delta, static value => value.ToObject()));

    public static TwinDesiredResponse ToDesiredResponse(this TwinSnapshot twin)
    {
        var reported = new Dictionary<string, object?>(twin.Reported.Count, StringComparer.Ordinal);
        var reportedTimes = new Dictionary<string, FieldMetadata>(twin.Reported.Count, StringComparer.Ordinal);
        foreach (var (name, field) in twin.Reported)
        {
            reported[name] = field.Value.ToObject();
            reportedTimes[name] = new FieldMetadata(field.UpdatedAt);
        }

        var desiredTimes = new Dictionary<string, FieldMetadata>(twin.Desired.Count, StringComparer.Ordinal);
        foreach (var (name, field) in twin.Desired)
        {
            desiredTimes[name] = new FieldMetadata(field.UpdatedAt);
        }

        return new TwinDesiredResponse(
            twin.Id, twin.Version, twin.DesiredVersion, DesiredObjects(twin), reported, ToObjects(twin.Delta), new TwinFieldMetadata(desiredTimes, reportedTimes));
    }

    public static TwinSummary ToSummary(this TwinDirectoryListing listing)
    {
        var entry = listing.Entry;
        return new TwinSummary(
            entry.Id,
            entry.Type,
            Name(entry.Lifecycle),
            Name(listing.Presence),
            entry.LastSeen,
            ToObjects(entry.State),
            ToObjects(entry.Metadata),
            entry.CreatedAt,
            entry.LastUpdated,
            entry.Version);
    }

    public static IReadOnlyDictionary<string, object?> ToPoint(this TelemetryPoint point)
    {
        var result = new Dictionary<string, object?>(point.Values.Length + 1, StringComparer.Ordinal)
        {
            ["timestamp"] = point.Timestamp,
        };
        foreach (var (name, value) in point.Values)
        {
            result[name] = value.ToObject();
        }

        return result;
    }

    public static Dictionary<string, object?> ToObjects(IReadOnlyDictionary<string, FieldValue> values)
    {
        var result = new Dictionary<string, object?>(values.Count, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            result[name] = value.ToObject();
        }

        return result;
    }

    private static Dictionary<string, object?> DesiredObjects(TwinSnapshot twin)
    {
        var result = new Dictionary<string, object?>(twin.Desired.Count, StringComparer.Ordinal);
        foreach (var (name, field) in twin.Desired)
        {
            result[name] = field.Value.ToObject();
        }

        return result;
    }

    public static string Name(TwinLifecycle lifecycle) => WireNames.Of(lifecycle);

    public static string Name(PresenceStatus presence) => WireNames.Of(presence);
}
