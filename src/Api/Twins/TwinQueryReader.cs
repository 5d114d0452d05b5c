using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;
using DigitalTwin.Wire;
using DigitalTwin.Wire.Payloads;
using Microsoft.AspNetCore.Http;

namespace DigitalTwin.Api.Twins;

/// <summary>Validates the filter, sort and paging parameters of twin and device listings.</summary>
internal static class TwinQueryReader
{
    /// <summary>Query parameters <c>metadata.{field}=value</c> filter on metadata fields.</summary>
    public const string MetadataPrefix = "metadata.";

    public const int MaxMetadataFilters = 16;

    private const int MaxEchoedLength = 80;

    public static string? TryRead(
        IQueryCollection parameters, string? type, string? status, string? lifecycle, int limit, int? offset, string? sort, string? cursor, out TwinQuery query, string? idPrefix = null)
    {
        query = new TwinQuery();
        foreach (var (name, values) in parameters)
        {
            // Bound parameters would see "a,b" for a repeated one, and a second metadata value would be lost.
            if (values.Count > 1)
            {
                return $"'{Echo(name)}' may be given only once";
            }
        }

        if (limit is < 1 or > TwinsApi.MaxPageSize)
        {
            return $"'limit' must be between 1 and {TwinsApi.MaxPageSize}";
        }

        if (offset < 0)
        {
            return "'offset' must be 0 or more";
        }

        if (cursor is not null && offset is not null)
        {
            return "'cursor' and 'offset' cannot be used together: a cursor already says where the page starts";
        }

        if (idPrefix is not null && !DeviceId.IsValid(idPrefix))
        {
            return $"'id_prefix' must be the start of a twin id: {DeviceId.Rule}";
        }

        if (type is not null && !FieldSetReader.IsValidName(type))
        {
            return $"'type' must be {FieldLimits.NameRule}";
        }

        PresenceStatus? presence = null;
        if (status is not null)
        {
            if (!TryParseName(status, out PresenceStatus parsed))
            {
                return "'status' must be online, observed or offline";
            }

            presence = parsed;
        }

        TwinLifecycle? stage = null;
        if (lifecycle is not null)
        {
            if (!TryParseName(lifecycle, out TwinLifecycle parsed))
            {
                return "'lifecycle' must be pending, active, suspended or decommissioned";
            }

            stage = parsed;
        }

        var order = default(TwinSort);
        if (sort is not null && !TryParseSort(sort, out order))
        {
            return $"'sort' must be one of {string.Join(", ", Enum.GetValues<TwinSortField>().Select(WireNames.Of))}, prefixed with '-' for descending order";
        }

        if (cursor is not null)
        {
            if (cursor.Length > TwinCursor.MaxEncodedLength)
            {
                return $"'cursor' is longer than {TwinCursor.MaxEncodedLength} characters, so no listing issued it";
            }

            if (TwinCursor.TryDecode(cursor, order, out _) is { } error)
            {
                return $"'cursor' {error}";
            }
        }

        if (TryReadMetadata(parameters, out var metadata) is { } invalid)
        {
            return invalid;
        }

        query = new TwinQuery
        {
            IdPrefix = idPrefix,
            Type = type,
            Presence = presence,
            Lifecycle = stage,
            Metadata = metadata,
            Sort = order,
            Cursor = cursor,
            Limit = limit,
            Offset = offset ?? 0,
        };
        return null;
    }

    private static string? TryReadMetadata(IQueryCollection parameters, out TwinMetadataFilter[] filters)
    {
        var found = new List<TwinMetadataFilter>();
        filters = [];
        foreach (var (key, values) in parameters)
        {
            if (key.Equals("metadata", StringComparison.OrdinalIgnoreCase))
            {
                return $"filter on metadata with '{MetadataPrefix}<field>=<value>', e.g. {MetadataPrefix}location=building-1";
            }

            if (!key.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = key[MetadataPrefix.Length..];
            if (!FieldSetReader.IsValidName(name))
            {
                return $"'{Echo(key)}' does not name a metadata field: the field after '{MetadataPrefix}' must be {FieldLimits.NameRule}";
            }

            var value = values.ToString();
            if (value.Length > FieldLimits.MaxTextLength)
            {
                return $"'{key}' is longer than {FieldLimits.MaxTextLength} characters";
            }

            if (value.Contains('\0'))
            {
                return $"'{key}' must not contain the character U+0000";
            }

            found.Add(new TwinMetadataFilter(name, value));
        }

        if (found.Count > MaxMetadataFilters)
        {
            return $"at most {MaxMetadataFilters} '{MetadataPrefix}<field>' filters may be given";
        }

        filters = [.. found];
        return null;
    }

    private static bool TryParseSort(string text, out TwinSort sort)
    {
        var descending = text.StartsWith('-');
        var field = descending ? text[1..] : text;
        foreach (var candidate in Enum.GetValues<TwinSortField>())
        {
            if (WireNames.Of(candidate) == field)
            {
                sort = new TwinSort(candidate, descending);
                return true;
            }
        }

        sort = default;
        return false;
    }

    /// <summary>Exactly one of the enum's names, in any case: no numbers, no comma-joined flags.</summary>
    internal static bool TryParseName<TEnum>(string text, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Echo(string text) => text.Length <= MaxEchoedLength ? text : text[..MaxEchoedLength] + "…";
}
