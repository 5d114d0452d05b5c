using System.Globalization;
using DigitalTwin.DeviceSimulator.Telemetry;

namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>
/// Telemetry intervals replacing the types' own: <c>5</c> for every type, or <c>camera=5,gateway=60</c> per type.
/// </summary>
public sealed class IntervalOverrides
{
    private readonly Dictionary<string, TimeSpan> _byType;
    private readonly TimeSpan? _all;

    private IntervalOverrides(TimeSpan? all, Dictionary<string, TimeSpan> byType)
    {
        _all = all;
        _byType = byType;
    }

    public static IntervalOverrides None { get; } = new(null, []);

    public static IntervalOverrides Parse(string text)
    {
        if (TryParseSeconds(text, out var all))
        {
            return new IntervalOverrides(all, []);
        }

        var byType = new Dictionary<string, TimeSpan>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !DeviceModels.IsKnown(pieces[0]))
            {
                throw new FormatException($"--interval: expected seconds or type=seconds,... with known types, not '{part}'");
            }

            if (!TryParseSeconds(pieces[1], out var seconds))
            {
                throw new FormatException($"--interval: the interval of {pieces[0]} must be a positive number of seconds, not '{pieces[1]}'");
            }

            byType[pieces[0]] = seconds;
        }

        return byType.Count > 0 ? new IntervalOverrides(null, byType) : throw new FormatException("--interval: expected seconds or type=seconds,...");
    }

    /// <summary>The interval for <paramref name="type"/>; null keeps the type's own.</summary>
    public TimeSpan? For(string type) => _byType.TryGetValue(type, out var interval) ? interval : _all;

    private static bool TryParseSeconds(string text, out TimeSpan interval)
    {
        var ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 0.01 and <= 86400;
        interval = ok ? TimeSpan.FromSeconds(seconds) : default;
        return ok;
    }
}
