using System.Globalization;

namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>The once-a-second line of the <c>run</c> verb: connections, publish rate, commands and errors so far.</summary>
internal sealed class ProgressLine(FleetCounters counters, int devices)
{
    private long _lastPublished;
    private DateTimeOffset _lastAt;

    public string Next(DateTimeOffset now, TimeSpan elapsed)
    {
        var published = counters.Published;
        var seconds = _lastAt == default ? elapsed.TotalSeconds : (now - _lastAt).TotalSeconds;
        var rate = seconds > 0 ? (published - _lastPublished) / seconds : 0;
        _lastPublished = published;
        _lastAt = now;
        return string.Create(CultureInfo.InvariantCulture,
            $"{elapsed.TotalSeconds,6:F0}s  connected {counters.Connected}/{devices}  msgs/s {rate,7:F1}  telemetry {counters.Telemetry}  network {counters.Network}  " +
            $"commands {counters.Commands}  acks {counters.AcksSucceeded} ok/{counters.AcksFailed} failed  desired {counters.DesiredApplied}  " +
            $"reconnects {counters.Reconnects}  errors {counters.Errors}");
    }
}
