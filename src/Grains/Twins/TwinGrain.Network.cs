using DigitalTwin.Grains.Interfaces.Events;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Network;
using DigitalTwin.Wire;
using DigitalTwin.Wire.Outbound;
using DigitalTwin.Wire.Payloads;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The twin's network behaviour; the rules live in <see cref="NetworkBehaviour"/>. Per window only the running
/// statistics and counters change in the persisted state, written behind like device traffic. With PostgreSQL
/// an accepted window is appended to the window table before the call completes (and so before the device is
/// acknowledged), and an activation reloads its recent windows from there, applying those its snapshot missed.
/// In memory the recent windows are parked in the state only while the twin is deactivated.
/// </summary>
internal sealed partial class TwinGrain : ITwinNetworkGrain
{
    // Short-lived activation state: the recent windows.
    private NetworkBehaviour _network = null!;

    public async Task ReceiveNetworkWindowAsync(NetworkWindowRecord window, DateTimeOffset receivedAt)
    {
        ThrowIfBroken();
        var topic = DeviceTopics.NetworkFor(Id);
        var presenceBefore = state.State.AnnouncedPresence;
        var outcome = _twin.AdmitNetworkWindow(window.Start, receivedAt, window.Source, window.DeviceType);
        if (await RefusedAsync(topic, outcome.Result))
        {
            return;
        }

        switch (outcome.Result)
        {
            case DeviceMessageResult.SourceConflict:
                metrics.MessageRejected(PayloadErrorCodes.NetworkSourceConflict);
                await ReportRepeatedAsync(topic, PayloadErrorCodes.NetworkSourceConflict,
                    $"twin '{Id}' takes its network windows from the {WireNames.Of(state.State.NetworkSource!.Value)}; this window came from the {WireNames.Of(window.Source)} and was refused (map the probe's host to another device id)");
                MarkDirty();
                return;
            case DeviceMessageResult.ClockSkewed:
                metrics.MessageRejected(PayloadErrorCodes.ClockSkew);
                await ReportRepeatedAsync(topic, PayloadErrorCodes.ClockSkew,
                    $"'window_start' {window.Start:O} is {(window.Start - receivedAt).TotalSeconds:0} s ahead of the platform clock, more than Twins:FutureTimestampTolerance ({_options.FutureTimestampTolerance.TotalSeconds:0} s): the window was refused; check the device's clock");
                if (_twin.Exists)
                {
                    MarkDirty();
                }

                return;
        }

        switch (_network.Check(window))
        {
            case NetworkWindowCheck.OutOfOrder:
                metrics.MessageRejected(PayloadErrorCodes.WindowOutOfOrder);
                siloNetwork.Metrics.WindowOutOfOrder();
                await ReportAsync(topic, PayloadErrorCodes.WindowOutOfOrder,
                    $"window starting {window.Start:O} is before twin '{Id}''s latest window ({state.State.LatestNetworkWindowStart:O}): windows must come in order");
                MarkDirty();
                return;
            case NetworkWindowCheck.Duplicate:
                metrics.MessageStale();
                siloNetwork.Metrics.WindowDuplicate();
                await ReportAsync(topic, PayloadErrorCodes.DuplicateWindow,
                    $"twin '{Id}' already holds the window starting {window.Start:O}; the repeat was ignored");
                MarkDirty();
                return;
        }

        if (siloNetwork.History.IsDurable)
        {
            try
            {
                await siloNetwork.History.AppendAsync(new ObservedNetworkWindow(Id, state.State.Type, window), CancellationToken.None);
            }
            catch (Exception ex)
            {
                throw Break(ex, "append to the network window table");
            }
        }

        if (_network.Apply(window) is { } replaced)
        {
            siloNetwork.Metrics.SchemaChanged();
            LogNetworkSchemaChanged(logger, Id, replaced, window.SchemaVersion, window.Start);
        }

        await DetectAsync(window);
        metrics.MessageAccepted();
        siloNetwork.Metrics.WindowAccepted();
        if (outcome.Created)
        {
            LogTwinDiscovered(logger, Id, state.State.Type);

            // No message log entry brings a twin discovered from a window back after a crash: its state does.
            if (siloNetwork.History.IsDurable)
            {
                await WriteStateAsync();
            }
        }

        MarkDirty();
        if (outcome.ChangedTwin)
        {
            await PublishUpdateAsync([], "device");
        }

        AnnouncePresenceChange(presenceBefore);

        await DispatchQueuedCommandsAsync();
    }

    public Task<NetworkBehaviourView?> GetNetworkAsync(NetworkWindowQuery query) =>
        Task.FromResult(_twin.Exists ? _network.View(query) : null);

    /// <summary>Builds the activation's network behaviour and gives it back its recent windows.</summary>
    private async Task ActivateNetworkAsync(CancellationToken cancellationToken)
    {
        _network = new NetworkBehaviour(state.State, siloNetwork.Options.RecentWindows);
        if (!siloNetwork.History.IsDurable)
        {
            _network.Restore(state.State.ParkedNetworkWindows);
            state.State.ParkedNetworkWindows = [];
            return;
        }

        if (!_twin.Exists)
        {
            return;
        }

        var windows = await siloNetwork.History.ReadLatestAsync(Id, siloNetwork.Options.RecentWindows, cancellationToken);
        var replayed = _network.Restore(windows.Select(w => w.Window));
        if (replayed > 0)
        {
            LogNetworkReplayed(logger, Id, replayed);
            MarkDirty();
        }
    }

    /// <summary>In memory, the recent windows go into the state the deactivation writes, and only then.</summary>
    private void ParkNetworkWindows()
    {
        if (!siloNetwork.History.IsDurable && _network.Recent.Count > 0)
        {
            state.State.ParkedNetworkWindows = [.. _network.Recent];
            _stateDirty = true;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Twin {TwinId} received a window of feature schema {SchemaVersion} starting {WindowStart:O}; its network statistics of schema {PreviousSchemaVersion} start again")]
    private static partial void LogNetworkSchemaChanged(ILogger logger, string twinId, int previousSchemaVersion, int schemaVersion, DateTimeOffset windowStart);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twin {TwinId} applied {Count} network windows its snapshot did not hold")]
    private static partial void LogNetworkReplayed(ILogger logger, string twinId, int count);
}
