using System.Diagnostics.Metrics;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Wire;

namespace DigitalTwin.Grains.Diagnostics;

/// <summary>
/// Commands on this silo: accepted, published to devices, finished (tagged by final status), the round trip from
/// publishing to the final status, and acks that matched no unfinished command. Published as the
/// <c>DigitalTwin.Commands</c> meter.
/// </summary>
internal sealed class CommandMetrics : IDisposable
{
    public const string MeterName = "DigitalTwin.Commands";

    private readonly Meter _meter;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _finished;
    private readonly Counter<long> _unmatchedAcks;
    private readonly Histogram<double> _roundTrip;

    public CommandMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _accepted = _meter.CreateCounter<long>("dtn.commands.accepted", unit: "{command}", description: "Commands accepted by twins");
        _sent = _meter.CreateCounter<long>("dtn.commands.sent", unit: "{command}", description: "Commands published to devices");
        _finished = _meter.CreateCounter<long>("dtn.commands.finished", unit: "{command}", description: "Commands that reached a final status, tagged by status");
        _unmatchedAcks = _meter.CreateCounter<long>("dtn.commands.unmatched_acks", unit: "{ack}", description: "Device acks that matched no unfinished command");
        _roundTrip = _meter.CreateHistogram("dtn.commands.round_trip", unit: "s", description: "Time from publishing a command to the device until its final status (ack, failure or timeout), tagged by status",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });
    }

    public void CommandAccepted() => _accepted.Add(1);

    public void CommandSent() => _sent.Add(1);

    /// <summary>Counts a command that reached <paramref name="status"/>; one that was published also records its round trip.</summary>
    public void CommandFinished(CommandStatus status, TimeSpan? roundTrip)
    {
        var tag = new KeyValuePair<string, object?>("status", WireNames.Of(status));
        _finished.Add(1, tag);
        if (roundTrip is { } elapsed)
        {
            _roundTrip.Record(elapsed.TotalSeconds, tag);
        }
    }

    public void AckUnmatched() => _unmatchedAcks.Add(1);

    public void Dispose() => _meter.Dispose();
}
