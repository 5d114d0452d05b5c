using System.Globalization;
using DigitalTwin.Grains.History;
using DigitalTwin.Wire.Payloads;

namespace DigitalTwin.Api.Twins;

/// <summary>Validates the aggregation parameters of <c>GET .../telemetry</c> (<c>interval</c>, <c>agg</c>, <c>keys</c>).</summary>
internal static class TelemetryRequestReader
{
    public const string IntervalRule = "a whole number of seconds, minutes, hours or days such as 30s, 5m, 1h, 1d (at least 1s), or milliseconds as a number";

    /// <summary>Window of an aggregation without <c>from</c>.</summary>
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(1);

    public static string? TryReadAggregation(
        string? interval, string? agg, string? keys, DateTimeOffset? start, DateTimeOffset? end, TimeRangeNames names, DateTimeOffset now, out TelemetryAggregation aggregation)
    {
        aggregation = null!;
        if (interval is null)
        {
            return "'agg' needs an 'interval'";
        }

        if (!TryParseInterval(interval, out var step))
        {
            return $"'interval' must be {IntervalRule}";
        }

        var function = AggregateFunction.Avg;
        if (agg is not null && !TwinQueryReader.TryParseName(agg, out function))
        {
            return "'agg' must be avg, min, max, sum or count";
        }

        var error = TryReadKeys(keys, out var fields);
        if (error is not null)
        {
            return error;
        }

        var to = end ?? now;
        var from = start ?? to - DefaultRange;
        if (from >= to)
        {
            return $"'{names.From}' must be before '{names.To}'";
        }

        if ((to - from) / step > TelemetryAggregation.MaxBuckets)
        {
            return $"'interval' of {interval} makes more than {TelemetryAggregation.MaxBuckets} buckets between '{names.From}' and '{names.To}': widen it or narrow the range";
        }

        aggregation = new TelemetryAggregation(from, to, step, function, fields);
        return null;
    }

    public static bool TryParseInterval(string text, out TimeSpan interval)
    {
        interval = default;
        if (text.Length is 0 or > 12)
        {
            return false;
        }

        var unit = text[^1];
        var digits = char.IsAsciiDigit(unit) ? text : text[..^1];
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit) || !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return false;
        }

        TimeSpan? parsed = unit switch
        {
            's' => TimeSpan.FromSeconds(count),
            'm' => TimeSpan.FromMinutes(count),
            'h' => TimeSpan.FromHours(count),
            'd' => TimeSpan.FromDays(count),
            _ when char.IsAsciiDigit(unit) => TimeSpan.FromMilliseconds(count),
            _ => null,
        };
        if (parsed is not { } value || value < TimeSpan.FromSeconds(1) || value > TimeSpan.FromDays(366))
        {
            return false;
        }

        interval = value;
        return true;
    }

    private static string? TryReadKeys(string? keys, out IReadOnlyList<string> fields)
    {
        fields = [];
        if (keys is null)
        {
            return null;
        }

        var names = keys.Split(',');
        if (names.Length > FieldLimits.MaxFields)
        {
            return $"'keys' names more than {FieldLimits.MaxFields} fields";
        }

        foreach (var name in names)
        {
            if (!FieldSetReader.IsValidName(name))
            {
                return $"'keys' must be a comma-separated list of field names, each {FieldLimits.NameRule}";
            }
        }

        fields = names.Distinct(StringComparer.Ordinal).ToArray();
        return null;
    }
}
