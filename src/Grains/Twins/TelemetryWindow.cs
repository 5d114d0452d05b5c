using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The bounded window of a twin's most recent telemetry, kept in device-time order so that a late
/// message lands in its place; past the capacity the oldest point goes.
/// </summary>
internal static class TelemetryWindow
{
    public static void Add(List<TelemetryPoint> window, TelemetryPoint point, int capacity)
    {
        var index = window.Count;
        while (index > 0 && window[index - 1].Timestamp > point.Timestamp)
        {
            index--;
        }

        if (index == 0 && window.Count >= capacity)
        {
            return;
        }

        // A QoS 1 re-send of a message already kept (same time, same values) is not a new point.
        for (var i = index - 1; i >= 0 && window[i].Timestamp == point.Timestamp; i--)
        {
            if (window[i].Values.AsSpan().SequenceEqual(point.Values))
            {
                return;
            }
        }

        window.Insert(index, point);
        if (window.Count > capacity)
        {
            window.RemoveRange(0, window.Count - capacity);
        }
    }

    /// <summary>Points with <c>start ≤ timestamp ≤ end</c>, newest first, at most <c>limit</c>.</summary>
    public static TelemetryPoint[] Query(List<TelemetryPoint> window, TelemetryQuery query)
    {
        var result = new List<TelemetryPoint>(Math.Min(query.Limit, window.Count));
        for (var i = window.Count - 1; i >= 0 && result.Count < query.Limit; i--)
        {
            var point = window[i];
            if (query.End is { } end && point.Timestamp > end)
            {
                continue;
            }

            if (query.Start is { } start && point.Timestamp < start)
            {
                break;
            }

            result.Add(point);
        }

        return [.. result];
    }
}
