using System.Globalization;
using System.Text.Json;

namespace DigitalTwin.Behaviour.Wire;

/// <summary>
/// The platform's one rule for device timestamps in MQTT payloads: epoch seconds (fractions allowed) or an
/// ISO 8601 date-time (UTC when it names no offset), between 2000 and a little ahead of the platform clock.
/// </summary>
public static class DeviceTimestamp
{
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>ISO 8601 date-times (offset or <c>Z</c> optional, UTC assumed); looser forms such as "06/01/2024" are refused.</summary>
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mmK",
    ];

    /// <summary>Reads the value of <paramref name="property"/>; returns the message that explains a refusal, or null.</summary>
    public static string? TryRead(JsonElement element, string property, out DateTimeOffset timestamp)
    {
        timestamp = default;
        switch (element.ValueKind)
        {
            // Decimal, not double: 1717243200.008 as a double is 200 ns off the millisecond the device sent.
            case JsonValueKind.Number when element.TryGetDecimal(out var seconds):
                if (seconds is < 0 or > 1e11m)
                {
                    return $"'{property}' must be epoch seconds (fractions allowed), not milliseconds";
                }

                timestamp = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
                return null;
            case JsonValueKind.String when DateTimeOffset.TryParseExact(
                element.GetString(), IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed):
                timestamp = parsed.ToUniversalTime();
                return null;
            default:
                return $"'{property}' must be epoch seconds or an ISO 8601 time";
        }
    }

    /// <summary>Whether a device time is after 2000 and at most <paramref name="maxClockSkew"/> ahead of <paramref name="now"/>.</summary>
    public static bool IsPlausible(DateTimeOffset timestamp, DateTimeOffset now, TimeSpan maxClockSkew) =>
        timestamp >= Earliest && timestamp <= now + maxClockSkew;
}
