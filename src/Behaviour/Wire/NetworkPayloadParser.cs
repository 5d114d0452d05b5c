using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Wire;

/// <summary>
/// The one reader of <c>device/{id}/network</c> payloads (the shape <see cref="NetworkPayload"/> writes):
/// <c>{"schema":3,"window_start":...,"window_seconds":10,"features":{"packets_in":12,...}}</c> and an optional
/// <c>device_id</c> that must match the topic. Strict, because the windows become training data: every key
/// once, no unknown keys or features, no feature the window's schema version does not define (a schema 2 window
/// naming <c>syn_out</c> mixes two versions' meanings), finite non-negative numbers, fractions within 0..1 and counts
/// whole. A feature left out (or null) was not measured and reads as <see cref="double.NaN"/>, as does every feature
/// the version does not define.
/// </summary>
public sealed class NetworkPayloadParser(TimeProvider clock, TimeSpan maxClockSkew)
{
    public const double MinWindowSeconds = 1;
    public const double MaxWindowSeconds = 3600;

    /// <summary>
    /// Far beyond any window's traffic (a petabyte), and small enough that the running statistics' squares stay
    /// finite: an infinite variance could not even be stored as JSON.
    /// </summary>
    public const double MaxFeatureValue = 1e15;

    private const string DeviceIdProperty = "device_id";

    private static readonly string[] Keys =
    [
        NetworkPayload.SchemaProperty, NetworkPayload.WindowStartProperty, NetworkPayload.WindowSecondsProperty,
        NetworkPayload.FeaturesProperty, DeviceIdProperty, NetworkPayload.SourceProperty, NetworkPayload.TypeProperty,
    ];

    /// <summary>
    /// The root object, the features object and one level more, so a feature given as an object or array is
    /// refused as a wrong type; anything deeper is refused as JSON before it costs memory.
    /// </summary>
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 3 };

    /// <summary>Features that count things; the means and spreads measured in the same units are not among them.</summary>
    private static readonly HashSet<NetworkFeature> Counts =
    [
        NetworkFeature.PacketsIn, NetworkFeature.PacketsOut, NetworkFeature.BytesIn, NetworkFeature.BytesOut,
        NetworkFeature.SessionsOpened, NetworkFeature.Retransmissions, NetworkFeature.FailedConnections, NetworkFeature.DnsUniqueNames,
        NetworkFeature.TlsHandshakes, NetworkFeature.TlsFailures, NetworkFeature.DistinctDestinationIps,
        NetworkFeature.DistinctDestinationPorts, NetworkFeature.ListeningPorts,
        NetworkFeature.SynOut, NetworkFeature.SynIn, NetworkFeature.RstOut, NetworkFeature.RstIn, NetworkFeature.FinOut, NetworkFeature.FinIn,
        NetworkFeature.NewDestinations, NetworkFeature.NewDnsNames,
    ];

    public NetworkPayloadError? TryParse(string deviceId, ReadOnlySequence<byte> payload, out NetworkWindow? window) =>
        TryParse(deviceId, payload, out window, out _);

    /// <summary>Reads the window and its <see cref="NetworkWindowOrigin"/> (<c>source</c>, default device, and <c>type</c>).</summary>
    public NetworkPayloadError? TryParse(string deviceId, ReadOnlySequence<byte> payload, out NetworkWindow? window, out NetworkWindowOrigin origin)
    {
        window = null;
        origin = NetworkWindowOrigin.FromDevice;
        if (!(payload.IsSingleSegment ? Utf8.IsValid(payload.FirstSpan) : Utf8.IsValid(payload.ToArray())))
        {
            return new(WireErrorCodes.InvalidJson, "payload is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return new(WireErrorCodes.InvalidJson, $"payload is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid($"a network window must be a JSON object, got {Describe(root.ValueKind)}");
            }

            var error = ReadRoot(root, out var schema, out var start, out var seconds, out var features, out var id, out var source, out var type);
            var version = 0;
            error ??= schema.ValueKind == JsonValueKind.Number && schema.TryGetInt32(out version) && FeatureCatalog.IsSupported(version)
                ? null
                : new(WireErrorCodes.UnsupportedSchema,
                    $"'schema' must be one of the feature schema versions this platform reads ({string.Join(", ", FeatureCatalog.SupportedSchemaVersions)}; {FeatureCatalog.SchemaVersion} is current), got {Echo(schema.GetRawText())}");
            if (error is not null)
            {
                return error;
            }

            if (id.ValueKind != JsonValueKind.Undefined && (id.ValueKind != JsonValueKind.String || id.GetString() != deviceId))
            {
                return new(WireErrorCodes.DeviceIdMismatch, $"'device_id' in the payload does not match the topic's device id '{deviceId}'");
            }

            if (ReadOrigin(source, type, out origin) is { } badOrigin)
            {
                return badOrigin;
            }

            if (DeviceTimestamp.TryRead(start, NetworkPayload.WindowStartProperty, out var windowStart) is { } badStart)
            {
                return new(WireErrorCodes.InvalidValue, badStart);
            }

            if (!DeviceTimestamp.IsPlausible(windowStart, clock.GetUtcNow(), maxClockSkew))
            {
                return new(
                    WireErrorCodes.TimestampOutOfRange,
                    $"'window_start' {windowStart:O} is before 2000 or more than {maxClockSkew.TotalSeconds:0} s ahead of the platform clock");
            }

            if (seconds.ValueKind != JsonValueKind.Number || !seconds.TryGetDouble(out var length)
                || !double.IsFinite(length) || length is < MinWindowSeconds or > MaxWindowSeconds)
            {
                return new(WireErrorCodes.InvalidValue, $"'window_seconds' must be a number from {MinWindowSeconds} to {MaxWindowSeconds}");
            }

            var values = new double[FeatureCatalog.Count];
            error = ReadFeatures(features, version, values);
            if (error is not null)
            {
                return error;
            }

            window = new NetworkWindow(windowStart, length, values, version);
            return null;
        }
    }

    private static NetworkPayloadError? ReadRoot(
        JsonElement root, out JsonElement schema, out JsonElement start, out JsonElement seconds, out JsonElement features, out JsonElement id,
        out JsonElement source, out JsonElement type)
    {
        var found = new JsonElement[Keys.Length];
        foreach (var property in root.EnumerateObject())
        {
            var index = Array.IndexOf(Keys, property.Name);
            if (index < 0)
            {
                schema = start = seconds = features = id = source = type = default;
                return Invalid($"unknown property '{Echo(property.Name)}': a network window has {string.Join(", ", Keys)}");
            }

            if (found[index].ValueKind != JsonValueKind.Undefined)
            {
                schema = start = seconds = features = id = source = type = default;
                return Invalid($"'{property.Name}' appears more than once");
            }

            found[index] = property.Value;
        }

        (schema, start, seconds, features, id, source, type) = (found[0], found[1], found[2], found[3], found[4], found[5], found[6]);
        for (var i = 0; i < 4; i++)
        {
            if (found[i].ValueKind == JsonValueKind.Undefined)
            {
                return Invalid($"'{Keys[i]}' is required");
            }
        }

        return features.ValueKind == JsonValueKind.Object
            ? null
            : new(WireErrorCodes.InvalidValue, $"'features' must be an object of feature values, got {Describe(features.ValueKind)}");
    }

    private static NetworkPayloadError? ReadOrigin(JsonElement source, JsonElement type, out NetworkWindowOrigin origin)
    {
        origin = NetworkWindowOrigin.FromDevice;
        var from = NetworkSource.Device;
        if (source.ValueKind != JsonValueKind.Undefined)
        {
            switch (source.ValueKind == JsonValueKind.String ? source.GetString() : null)
            {
                case NetworkPayload.DeviceSource:
                    break;
                case NetworkPayload.ProbeSource:
                    from = NetworkSource.Probe;
                    break;
                default:
                    return new(WireErrorCodes.InvalidValue, $"'source' must be \"{NetworkPayload.DeviceSource}\" or \"{NetworkPayload.ProbeSource}\"");
            }
        }

        string? deviceType = null;
        if (type.ValueKind != JsonValueKind.Undefined)
        {
            deviceType = type.ValueKind == JsonValueKind.String ? type.GetString() : null;
            if (deviceType is null || !DeviceNames.IsValidType(deviceType))
            {
                return new(WireErrorCodes.InvalidValue, $"'type' must be {DeviceNames.TypeRule}");
            }
        }

        origin = new NetworkWindowOrigin(from, deviceType);
        return null;
    }

    private static NetworkPayloadError? ReadFeatures(JsonElement features, int version, double[] values)
    {
        Array.Fill(values, double.NaN);
        Span<bool> seen = stackalloc bool[values.Length];
        foreach (var property in features.EnumerateObject())
        {
            if (!FeatureCatalog.TryFind(property.Name, out var feature))
            {
                return new(WireErrorCodes.UnknownFeature, $"'{Echo(property.Name)}' is a feature of no schema version (see docs/dataset.md)");
            }

            if (!FeatureCatalog.Defines(version, feature))
            {
                return new(WireErrorCodes.UnknownFeature,
                    $"'{property.Name}' is a feature of schema {FeatureCatalog.Describe(feature).Since} and later, not of schema {version} that this window says it follows (see docs/dataset.md)");
            }

            var index = (int)feature;
            if (seen[index])
            {
                return Invalid($"feature '{property.Name}' appears more than once");
            }

            seen[index] = true;
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number) || !double.IsFinite(number))
            {
                return new(WireErrorCodes.InvalidValue, $"feature '{property.Name}' must be a finite number or null, got {Describe(value.ValueKind)}");
            }

            var error = CheckRange(FeatureCatalog.Describe(feature), number);
            if (error is not null)
            {
                return error;
            }

            values[index] = number;
        }

        return null;
    }

    /// <summary>Every feature measures an amount, a rate or a spread: none is negative, fractions stay within 1, counts are whole.</summary>
    private static NetworkPayloadError? CheckRange(FeatureDescriptor feature, double value)
    {
        if (value < 0)
        {
            return new(WireErrorCodes.InvalidValue, $"feature '{feature.Name}' must not be negative");
        }

        if (value > MaxFeatureValue)
        {
            return new(WireErrorCodes.InvalidValue, $"feature '{feature.Name}' exceeds {MaxFeatureValue:0e0}");
        }

        if (feature.Unit == "fraction" && value > 1)
        {
            return new(WireErrorCodes.InvalidValue, $"feature '{feature.Name}' is a fraction: from 0 to 1");
        }

        if (Counts.Contains(feature.Feature) && value != Math.Floor(value))
        {
            return new(WireErrorCodes.InvalidValue, $"feature '{feature.Name}' counts {feature.Unit}: a whole number");
        }

        return null;
    }

    private static NetworkPayloadError Invalid(string message) => new(WireErrorCodes.InvalidPayload, message);

    private static string Echo(string text) => text.Length <= 64 ? text : text[..64] + "...";

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
