using System.Globalization;

namespace DigitalTwin.EndToEnd.Tests.Detection;

/// <summary>
/// Network window payloads (docs/mqtt.md) that make a twin's detection act: an hour of quiet windows warms its own
/// baseline, then a port-scan-like window stands out.
/// </summary>
internal static class DetectionWindows
{
    /// <summary>Windows of a baseline's warm-up (an hour of 10-second windows, by default).</summary>
    public const int WarmUpWindows = 360;

    /// <summary>Where an hour of windows starts: two hours ago, on a whole second, so the scan after it is still in the past.</summary>
    public static DateTimeOffset Start()
    {
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        return start.AddTicks(-(start.Ticks % TimeSpan.TicksPerSecond));
    }

    public static IEnumerable<string> Quiet(DateTimeOffset start, string type)
    {
        var random = new Random(7);
        for (var w = 0; w < WarmUpWindows; w++)
        {
            yield return Window(start.AddSeconds(10 * w), type,
                $"\"packets_in\":{4 + random.Next(3)},\"packets_out\":{5 + random.Next(3)},\"bytes_in\":{300 + random.Next(100)},\"bytes_out\":{500 + random.Next(200)}," +
                $"\"packet_rate_mean\":{(1 + random.NextDouble() * 0.2).ToString("0.###", CultureInfo.InvariantCulture)},\"packet_rate_peak\":{2 + random.Next(2)},\"tcp_ratio\":1," +
                $"\"sessions_opened\":{random.Next(2)},\"distinct_destination_ips\":1,\"distinct_destination_ports\":1,\"payload_size_mean\":{80 + random.Next(20)},\"unanswered_syn_ratio\":0,\"failed_connections\":0,\"new_destinations\":0");
        }
    }

    /// <summary>The window after the warm-up: hundreds of ports probed, most unanswered.</summary>
    public static string PortScan(DateTimeOffset start, string type) =>
        Window(start.AddSeconds(10 * WarmUpWindows), type,
            "\"packets_in\":5,\"packets_out\":320,\"bytes_in\":400,\"bytes_out\":20000,\"packet_rate_mean\":32,\"packet_rate_peak\":60,\"tcp_ratio\":1," +
            "\"sessions_opened\":1,\"distinct_destination_ips\":1,\"distinct_destination_ports\":312,\"payload_size_mean\":60," +
            "\"unanswered_syn_ratio\":0.8,\"failed_connections\":60,\"new_destinations\":312");

    private static string Window(DateTimeOffset start, string type, string features) =>
        $"{{\"schema\":3,\"window_start\":{start.ToUnixTimeSeconds()},\"window_seconds\":10,\"type\":\"{type}\",\"features\":{{{features}}}}}";
}
