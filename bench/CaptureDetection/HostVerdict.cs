using System.Text.Json;

namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>What the silo holds for one host after the capture: its twin's baseline counters and its alerts.</summary>
internal sealed record HostVerdict(string Address, bool Warm, double LearntSeconds, long WindowsScored, long WindowsFlagged, IReadOnlyList<JsonElement> Alerts)
{
    public double FlaggedPercent => WindowsScored == 0 ? 0 : 100.0 * WindowsFlagged / WindowsScored;

    /// <summary>Alerts whose windows reach <paramref name="from"/> or later: raised by, or kept up through, the attack.</summary>
    public IEnumerable<JsonElement> AlertsFrom(DateTimeOffset from) => Alerts.Where(a => a.GetProperty("last_seen").GetDateTimeOffset() >= from);

    /// <summary>Alerts raised by windows that ended before <paramref name="before"/>: while the host was still benign.</summary>
    public IEnumerable<JsonElement> AlertsBefore(DateTimeOffset before, int windowSeconds) =>
        Alerts.Where(a => a.GetProperty("first_seen").GetDateTimeOffset().AddSeconds(windowSeconds) <= before);
}
