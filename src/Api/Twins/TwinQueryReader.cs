using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Payloads;

namespace DigitalTwin.Api.Twins;

/// <summary>Validates the filter and paging parameters of twin and device listings.</summary>
internal static class TwinQueryReader
{
    public static string? TryRead(string? type, string? status, string? lifecycle, int limit, int offset, out TwinQuery query)
    {
        query = new TwinQuery();
        if (limit is < 1 or > TwinsApi.MaxPageSize)
        {
            return $"'limit' must be between 1 and {TwinsApi.MaxPageSize}";
        }

        if (offset < 0)
        {
            return "'offset' must be 0 or more";
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
                return "'status' must be online or offline";
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

        query = new TwinQuery { Type = type, Presence = presence, Lifecycle = stage, Limit = limit, Offset = offset };
        return null;
    }

    /// <summary>Exactly one of the enum's names, in any case: no numbers, no comma-joined flags.</summary>
    private static bool TryParseName<TEnum>(string text, out TEnum value)
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
}