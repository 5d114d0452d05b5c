using System.Diagnostics.Metrics;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Wire;

namespace DigitalTwin.Grains.Diagnostics;

/// <summary>
/// Commands on this silo: accepted, published to devices, finished (tagged by final status) and acks that
/// matched no unfinished command. Published as the <c>DigitalTwin.Commands</c> meter.
/// </summary>
internal sealed class CommandMetrics : IDisposable
{
    public const string MeterName = "DigitalTwin.Commands";

    private readonly Meter _meter;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _sent;
    private readonly Counter<long> _finished;
    private readonly Counter<long> _unmatchedAcks;

    public CommandMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _accepted = _meter.CreateCounter<long>("dtn.commands.accepted", description: "Commands accepted by twins");
        _sent = _meter.CreateCounter<long>("dtn.commands.sent", description: "Commands published to devices");
        _finished = _meter.CreateCounter<long>("dtn.commands.finished", description: "Commands that reached a final status, tagged by status");
        _unmatchedAcks = _meter.CreateCounter<long>("dtn.commands.unmatched_acks", description: "Device acks that matched no unfinished command");
    }

    public void CommandAccepted() => _accepted.Add(1);

    public void CommandSent() => _sent.Add(1);

    public void CommandFinished(CommandStatus status) => _finished.Add(1, new KeyValuePair<string, object?>("status", WireNames.Of(status)));

    public void AckUnmatched() => _unmatchedAcks.Add(1);

    public void Dispose() => _meter.Dispose();
}
