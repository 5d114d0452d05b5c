using System.Collections.ObjectModel;
using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Events;
using DigitalTwin.Grains.Interfaces.Credentials;
using DigitalTwin.Grains.Interfaces.Events;
using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.MessageLog;
using DigitalTwin.Grains.Network;
using DigitalTwin.Grains.Outbound;
using DigitalTwin.Grains.Streams;
using DigitalTwin.Wire;
using DigitalTwin.Wire.Outbound;
using DigitalTwin.Wire.Payloads;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The twin of one device. Device messages reach it through the device's stream (<see cref="DeviceStreams"/>,
/// implicitly subscribed), one at a time and in order; the rules live in <see cref="Twin"/>. With PostgreSQL the
/// queue is the <see cref="IDeviceMessageLog"/>: a message is in the log before its device is acknowledged, the state
/// itself is persisted behind (<see cref="TwinOptions.SnapshotInterval"/>) and at deactivation, an activation replays
/// the log after its snapshot, and a message delivered again after that (its sequence no higher than the snapshot's)
/// changes nothing. API writes are persisted before they are answered. When a write to the log or
/// to storage fails, the in-memory state may hold what is not durable: the activation refuses further
/// work and deactivates, so the next one starts from what storage holds. Directory entries are sent at
/// most once per <see cref="TwinOptions.DirectoryUpdateInterval"/>.
/// </summary>
/// <remarks>
/// Immovable: a stopping silo migrates an activation that has requests waiting (its own flush timer's tick
/// counts) to another silo, and on the last silo that placement fails and Orleans logs it as an error on every
/// graceful stop. A twin gains little from moving: it writes its state at deactivation, and its waiting requests
/// are forwarded to the new activation either way.
/// </remarks>
[ImplicitStreamSubscription(DeviceStreams.Namespace)]
[Immovable]
internal sealed partial class TwinGrain(
    [PersistentState(TwinStorage.TwinStateName, TwinStorage.ProviderName)] IPersistentState<TwinState> state,
    IOptions<TwinOptions> options,
    SiloCommands siloCommands,
    TwinDirectoryWriter directory,
    IDeviceMessageLog log,
    IDeviceChannel channel,
    ITwinEventSink events,
    IngestMetrics metrics,
    SiloNetwork siloNetwork,
    SiloDetection detection,
    DiscoveryQuota discovery,
    SessionSilos sessionSilos,
    TimeProvider clock,
    IHostApplicationLifetime host,
    ILogger<TwinGrain> logger) : Grain, ITwinGrain, IStreamSubscriptionObserver
{
    private static readonly IReadOnlyDictionary<string, FieldValue> NoFields = ReadOnlyDictionary<string, FieldValue>.Empty;

    private readonly TwinOptions _options = options.Value;

    // Short-lived activation state: what has changed since the last snapshot and directory entry, and when the
    // device was last told about an error that repeats with its messages.
    private Twin _twin = null!;
    private bool _stateDirty;
    private bool _directoryDirty;
    private bool _broken;
    private bool _replaying;
    private DateTimeOffset _lastSnapshot;

    // In memory mode the queue's sequence of the last delivery this activation took. The numbers rise for the silo's
    // life, not the state's, so they are not kept in it; they let a delivery tried again after a failed or timed-out
    // call change nothing the second time.
    private long _lastDelivered;
    private IGrainTimer? _flushTimer;
    private readonly RepeatedErrorThrottle _repeatedErrors = new();

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _twin = new Twin(Id, state.State, Rules);
        _storedSessionSilo = state.State.SessionSilo;

        // A random phase spreads the snapshots of twins activated together (a fleet reconnecting)
        // over the interval instead of writing them all in the same instant.
        _lastSnapshot = clock.GetUtcNow() - (_options.SnapshotInterval * Random.Shared.NextDouble());

        // Commands first: a replayed message that brings the device online sends its queued commands. The network
        // side after: it restores windows only for a twin that exists, which a replayed message may have created.
        await ActivateCommandsAsync();
        if (log.IsDurable)
        {
            await ReplayAsync(cancellationToken);

            // The directory may have missed this twin's last entry (queued in a silo that crashed); the
            // entry carries the version, so sending it again changes nothing when the directory has it.
            if (_twin.Exists)
            {
                directory.Enqueue(_twin.ToDirectoryEntry());
            }
        }

        await ActivateNetworkAsync(cancellationToken);
        await ActivateSessionAsync();

        // Retained documents live in the memory of the broker that published them: after a silo restart, or
        // with this twin now on another silo, a device subscribing to its desired topic would find nothing
        // until desired changed again. Publishing on activation puts the document back; applying it twice is
        // idempotent for the device.
        if (_twin.Exists && state.State.Desired.Count > 0)
        {
            await PublishDesiredAsync();
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        _commandTimer?.Dispose();
        sessionSilos.Forget(Id);

        if (_broken || StorageGoesWithTheSilo(reason.ReasonCode == DeactivationReasonCode.ShuttingDown))
        {
            return;
        }

        if (_directoryDirty)
        {
            directory.Enqueue(_twin.ToDirectoryEntry());
        }

        ParkNetworkWindows();
        if (_commands is { HasPending: false })
        {
            // Within ReminderReleaseDelay of the last command: the reminder would only wake this twin to remove itself.
            await ReleaseCommandReminderAsync();
        }

        if (_stateDirty)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<TwinSnapshot?> GetAsync() =>
        Task.FromResult(_twin.Exists ? _twin.ToSnapshot(clock.GetUtcNow()) : null);

    public Task<TwinWriteResult> CreateAsync(TwinDefinition definition, TwinPrecondition? precondition = null) =>
        CommitAsync(_twin.Create(definition, clock.GetUtcNow(), precondition), [], "api", precondition);

    public Task<TwinWriteResult> ReplaceDefinitionAsync(TwinDefinition definition, TwinPrecondition? precondition = null) =>
        CommitAsync(_twin.ReplaceDefinition(definition, clock.GetUtcNow(), precondition), [], "api", precondition);

    public Task<TwinWriteResult> ReplaceMetadataAsync(Dictionary<string, FieldValue> metadata, TwinPrecondition? precondition = null) =>
        CommitAsync(_twin.ReplaceMetadata(metadata, clock.GetUtcNow(), precondition), [], "api", precondition);

    public async Task<TwinWriteResult> UpdateReportedStateAsync(NamedValue[] values, TwinPrecondition? precondition = null)
    {
        var status = _twin.UpdateReported(values, clock.GetUtcNow(), out var changed, out var deltaChanged, precondition);
        var result = await CommitAsync(status, changed, "api", precondition);
        if (deltaChanged)
        {
            await PublishDesiredAsync();
        }

        return result;
    }

    public async Task<TwinWriteResult> ChangeLifecycleAsync(TwinLifecycle target, TwinPrecondition? precondition = null)
    {
        var before = state.State.Version;
        var now = clock.GetUtcNow();

        // Decommissioning is for good, so the device's credentials go with it, first, as for a delete: a failure of either
        // step leaves a twin a repeated decommission finishes (and a repeat revokes any credential issued in between).
        var revoked = target == TwinLifecycle.Decommissioned && _twin.CheckLifecycleChange(target, precondition) == TwinWriteStatus.Applied
            ? await GrainFactory.GetGrain<IDeviceCredentialsGrain>(Id).RevokeAllAsync()
            : 0;
        if (revoked > 0)
        {
            LogCredentialsRevokedOnDecommission(logger, Id, revoked);
        }

        var status = _twin.ChangeLifecycle(target, now, precondition);
        if (status == TwinWriteStatus.Applied && before == state.State.Version)
        {
            return Result(status, precondition);
        }

        // A decommissioned twin will never reach its device again: its pending commands end now, in the same write.
        var cancelled = status == TwinWriteStatus.Applied && target == TwinLifecycle.Decommissioned
            ? _commands.CancelPending("the twin was decommissioned", now)
            : [];
        var result = await CommitAsync(status, [], "api", precondition);
        AnnounceFinished(cancelled);
        if (status == TwinWriteStatus.Applied)
        {
            await ClearAlertsForLifecycleAsync(target);
        }

        return result;
    }

    public async Task<TwinWriteResult> DeleteAsync(TwinPrecondition? precondition = null)
    {
        ThrowIfBroken();
        var status = _twin.CheckDeletable(precondition);
        if (status != TwinWriteStatus.Applied)
        {
            return Result(status, precondition);
        }

        // The deleted twin keeps only its version and log position, so a twin re-created under the same
        // id goes on counting, no older directory entry or version check can mistake it for the old one,
        // and no logged message of the old twin is ever replayed into the new one. The position is the log's
        // last entry for the device: messages acknowledged before the delete but still on their way through the
        // device's stream are the old twin's, and must not re-create it. The entries go only once the tombstone
        // holding that position is written: removed first, a failed write would reload the last snapshot with
        // the entries it needs for replay gone. A failure after the write leaves them below the tombstone's
        // position, where nothing replays them.
        // Credentials go first: a device that could still connect would re-create its twin with its next message (with
        // auto-discovery) and keep the topics of a twin its owner removed. Revoked before the tombstone, a failure of
        // either leaves a twin that a repeated DELETE removes; the other order could leave a deleted twin whose
        // credentials survive, with the repeated DELETE answering 404 and revoking nothing.
        var revoked = await GrainFactory.GetGrain<IDeviceCredentialsGrain>(Id).RevokeAllAsync();
        var lastLogged = await log.LastSequenceAsync(Id, CancellationToken.None);
        var tombstone = _twin.ToDirectoryEntry() with { Version = state.State.Version + 1, Deleted = true };
        var cancelled = _commands.CancelPending("the twin was deleted", clock.GetUtcNow());
        var desiredVersion = state.State.DesiredVersion;
        state.State = new TwinState { Version = tombstone.Version, LogSequence = Math.Max(state.State.LogSequence, lastLogged), DesiredVersion = desiredVersion };
        _twin = new Twin(Id, state.State, Rules);
        _network = new NetworkBehaviour(state.State, siloNetwork.Options.RecentWindows);
        _detector = null;
        await WriteStateAsync();
        await log.DeleteAsync(Id, lastLogged, CancellationToken.None);
        await siloNetwork.History.DeleteAsync(Id, CancellationToken.None);
        await ActivateCommandsAsync();
        AnnounceFinished(cancelled);
        _directoryDirty = false;
        directory.Enqueue(tombstone);
        LogTwinDeleted(logger, Id, revoked);
        await PublishUpdateAsync([], "api", deleted: true);
        if (desiredVersion > 0)
        {
            // A device connecting later must not receive the desired state of a twin that no longer exists.
            await SendAsync(channel.PublishDesiredAsync(new DesiredUpdate(Id, desiredVersion, NoFields, NoFields, clock.GetUtcNow(), Cleared: true)));
        }

        return new TwinWriteResult(TwinWriteStatus.Applied, null);
    }

    public Task<TelemetryPoint[]?> GetTelemetryAsync(TelemetryQuery query) =>
        Task.FromResult(_twin.Exists ? TelemetryWindow.Query(state.State.Telemetry, query) : null);

    private TwinRules Rules => new(_options.TelemetryWindowSize, _options.AutoDiscovery, _options.InactivityTimeout, _options.MaxReportedFields)
    {
        FutureTimestampTolerance = _options.FutureTimestampTolerance,
        Discovery = discovery.IsCapped ? discovery : null,
    };

    private string TooManyFieldsReason =>
        $"twin '{Id}' holds {state.State.Reported.Count} reported fields; new names would exceed the limit of {_options.MaxReportedFields} (Twins:MaxReportedFields)";

    public Task ReceiveAsync(DeviceMessage message) => ApplyAsync(message, sequence: null);

    /// <summary>The device stream found this twin: its messages come to <see cref="OnDeviceMessageAsync"/>.</summary>
    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<DeviceMessage>().ResumeAsync(OnDeviceMessageAsync);

    /// <summary>
    /// A message from the device's queue. In the log's order; one at or below the sequence this state holds was
    /// applied already (replayed at activation, or delivered again after a pulling agent moved) and changes nothing.
    /// In memory mode the same holds within the activation: a delivery tried again changes nothing.
    /// </summary>
    private Task OnDeviceMessageAsync(DeviceMessage message, StreamSequenceToken? token)
    {
        if (token is not null && token.SequenceNumber <= (log.IsDurable ? state.State.LogSequence : _lastDelivered))
        {
            metrics.MessageRedelivered();
            if (!_twin.Exists)
            {
                // The activation's replay refused it (unknown device) and kept the activation for this moment: an
                // activation deactivated while activating hands its pending delivery to a new one, which would find
                // the entry gone from the log and refuse the message a second time.
                DeactivateOnIdle();
            }

            return Task.CompletedTask;
        }

        return ApplyAsync(message, token?.SequenceNumber);
    }

    /// <summary>Applies a device message; <paramref name="sequence"/> is its place in its queue, when it came through one.</summary>
    private async Task ApplyAsync(DeviceMessage message, long? sequence)
    {
        ThrowIfBroken();
        var presenceBefore = state.State.AnnouncedPresence;
        var outcome = _twin.Apply(message);
        if (sequence is { } entry)
        {
            if (!log.IsDurable)
            {
                _lastDelivered = entry;
            }
            else
            {
                // Whatever the outcome, the message is behind this state now: a snapshot holding the outcome must not
                // replay it, and one of a refusal must not replay it either. Set once applied: a message that threw
                // is not behind the state, and its delivery tried again is not skipped.
                state.State.LogSequence = entry;
                if (!Applied(outcome.Result))
                {
                    await ForgetAsync(entry);
                }
            }
        }

        if (TwinRefused(outcome.Result) && await RefusedAsync(Topic(), outcome.Result))
        {
            return;
        }

        switch (outcome.Result)
        {
            case DeviceMessageResult.TooManyFields:
                metrics.MessageRejected(PayloadErrorCodes.TooManyFields);
                await ReportAsync(Topic(), PayloadErrorCodes.TooManyFields, TooManyFieldsReason);
                break;
            case DeviceMessageResult.Stale:
                metrics.MessageStale();
                await ReportRepeatedAsync(Topic(), PayloadErrorCodes.StaleMessage,
                    $"every value is older than the one twin '{Id}' holds (last-write-wins by device time); the message changed no reported value");
                break;
            default:
                metrics.MessageAccepted();
                break;
        }

        if (outcome.ClockSkewed)
        {
            await ReportRepeatedAsync(Topic(), PayloadErrorCodes.ClockSkew,
                $"timestamp {message.DeviceTimestamp:O} is {(message.DeviceTimestamp - message.ReceivedAt).TotalSeconds:0} s ahead of the platform clock, more than Twins:FutureTimestampTolerance ({_options.FutureTimestampTolerance.TotalSeconds:0} s): its values were ordered by the receive time {message.ReceivedAt:O}; check the device's clock");
        }

        if (outcome.Created)
        {
            LogTwinDiscovered(logger, Id, state.State.Type);
        }

        MarkDirty();
        if (outcome.ChangedTwin)
        {
            await PublishUpdateAsync(outcome.Changed, "device");
        }

        if (outcome.DeltaChanged)
        {
            await PublishDesiredAsync();
        }

        AnnouncePresenceChange(presenceBefore);

        await DispatchQueuedCommandsAsync();

        // Only refusals and reports name the topic: an accepted message does not render it.
        string Topic() => DeviceTopics.For(Id, message.Kind);
    }

    public Task RaiseDeviceAlertAsync(DeviceAlert alert)
    {
        ThrowIfBroken();
        if (!_twin.RecordDeviceAlert())
        {
            DeactivateOnIdle();
            return Task.CompletedTask;
        }

        MarkDirty();
        var now = clock.GetUtcNow();
        events.Publish(new TwinEvent(TwinEventTypes.Alert, Id, state.State.Type, now, PlatformMessageJson.WriteAlert(alert, now)));
        return Task.CompletedTask;
    }

    /// <summary>Whether the twin took the message; a stale one counts, as the device did send it.</summary>
    private static bool Applied(DeviceMessageResult result) =>
        !TwinRefused(result) && result != DeviceMessageResult.TooManyFields;

    /// <summary>
    /// Removes a refused message from the log: it was logged before the twin judged it, and the log is the telemetry
    /// history, which holds what twins took. Failing to is logged, not thrown: the entry would only show in history,
    /// and replaying it is refused again.
    /// </summary>
    private async Task ForgetAsync(long sequence)
    {
        try
        {
            await log.ForgetAsync(Id, sequence, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogForgetFailed(logger, ex, Id, sequence);
        }
    }

    /// <summary>
    /// Applies the log's entries after the snapshot's sequence, each as its live delivery would (twin update, errors
    /// for the device, counters, presence, queued commands), before the twin takes any call. Some the twin had applied
    /// before a crash and are announced again: at least once, not exactly. Others are still on their way through the
    /// device's stream, which finds them applied and skips them; the delivery that activated this twin is one.
    /// </summary>
    private async Task ReplayAsync(CancellationToken cancellationToken)
    {
        var entries = await log.ReadAfterAsync(Id, state.State.LogSequence, cancellationToken);
        _replaying = true;
        try
        {
            foreach (var entry in entries)
            {
                await ApplyAsync(entry.Message, entry.Sequence);
            }
        }
        finally
        {
            _replaying = false;
        }

        if (entries.Count > 0)
        {
            LogReplayed(logger, Id, entries.Count, state.State.LogSequence);
        }
    }

    /// <summary>
    /// The in-memory state may now hold what storage does not: refuse work and start over from storage. Returns what
    /// the failed call throws: like every call until the twin has reloaded, it may be tried again, and the storage
    /// failure stays inside for a caller that must know whether trying again can help.
    /// </summary>
    private TwinUnavailableException Break(Exception exception, string operation)
    {
        _broken = true;
        LogBroken(logger, exception, Id, operation);
        DeactivateOnIdle();
        return new TwinUnavailableException($"twin '{Id}' could not {operation} and is reloading from storage; try again", exception);
    }

    private void ThrowIfBroken()
    {
        if (_broken)
        {
            throw new TwinUnavailableException($"twin '{Id}' is reloading from storage after a failed write; try again");
        }
    }

    private async Task<TwinWriteResult> CommitAsync(TwinWriteStatus status, IReadOnlyList<NamedValue> changed, string source, TwinPrecondition? precondition)
    {
        ThrowIfBroken();
        if (status != TwinWriteStatus.Applied)
        {
            return Result(status, precondition);
        }

        await WriteStateAsync();
        _lastSnapshot = clock.GetUtcNow();
        directory.Enqueue(_twin.ToDirectoryEntry());
        _directoryDirty = false;
        await PublishUpdateAsync(changed, source);
        return Result(status, precondition);
    }

    private TwinWriteResult Result(TwinWriteStatus status, TwinPrecondition? precondition) =>
        new(status, _twin.Exists ? _twin.ToSnapshot(clock.GetUtcNow()) : null, Reason(status, precondition));

    private string? Reason(TwinWriteStatus status, TwinPrecondition? precondition) => status switch
    {
        TwinWriteStatus.PreconditionFailed => PreconditionRules.Explain(Id, precondition, _twin.Exists, state.State.Version),
        TwinWriteStatus.NotFound => $"Twin with ID {Id} not found",
        TwinWriteStatus.AlreadyExists => $"Twin with ID {Id} already exists",
        TwinWriteStatus.Decommissioned => $"Twin with ID {Id} is decommissioned and accepts no updates",
        TwinWriteStatus.TooManyFields => TooManyFieldsReason,
        TwinWriteStatus.Stale => $"every field of twin {Id} holds a value newer than the server time; nothing was written",
        TwinWriteStatus.InvalidTransition => $"Twin with ID {Id} is {WireNames.Of(state.State.Lifecycle)}",
        _ => null,
    };

    private Task PublishUpdateAsync(IReadOnlyList<NamedValue> changed, string source, bool deleted = false)
    {
        var presence = Presence.Evaluate(state.State.AnnouncedPresence, state.State.LastSeen, clock.GetUtcNow(), _options.InactivityTimeout);
        var update = new TwinUpdate(Id, state.State.Version, state.State.LastUpdated, state.State.Lifecycle, presence, changed, source, deleted);

        // Rendered once: MQTT subscribers and live-feed consumers get the same bytes.
        var json = PlatformMessageJson.Write(update);
        events.Publish(new TwinEvent(TwinEventTypes.TwinUpdate, Id, state.State.Type, update.Timestamp, json));
        return SendAsync(channel.PublishTwinUpdateAsync(update, json));
    }

    /// <summary>
    /// Answers device traffic its twin refused (<see cref="TwinAdmission"/>, reached through <see cref="Twin"/>): counted
    /// and, unless the twin is only suspended, reported to the device; nothing of it was applied. False when the
    /// traffic was admitted.
    /// </summary>
    private async Task<bool> RefusedAsync(string topic, DeviceMessageResult result)
    {
        switch (result)
        {
            case DeviceMessageResult.UnknownDevice:
                metrics.MessageRejected(PayloadErrorCodes.TwinNotFound);
                await ReportAsync(topic, PayloadErrorCodes.TwinNotFound, $"no twin exists for device '{Id}' and auto-discovery is off");
                if (!_replaying)
                {
                    DeactivateOnIdle();
                }

                return true;
            case DeviceMessageResult.DiscoveryCapped:
                metrics.MessageRejected(PayloadErrorCodes.DiscoveryCapped);
                await ReportAsync(topic, PayloadErrorCodes.DiscoveryCapped, $"no twin exists for device '{Id}' and auto-discovery has created its {discovery.PerMinute} twins of this minute (Twins:MaxDiscoveriesPerMinute): create the twin through the API, or retry later");
                if (!_replaying)
                {
                    DeactivateOnIdle();
                }

                return true;
            case DeviceMessageResult.Decommissioned:
                metrics.MessageRejected(PayloadErrorCodes.TwinDecommissioned);
                await ReportAsync(topic, PayloadErrorCodes.TwinDecommissioned, $"twin '{Id}' is decommissioned and accepts no updates");
                MarkDirty();
                return true;
            case DeviceMessageResult.Ignored:
                metrics.MessageIgnored();
                MarkDirty();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether <see cref="RefusedAsync"/> has something to say about the result.</summary>
    private static bool TwinRefused(DeviceMessageResult result) =>
        result is DeviceMessageResult.UnknownDevice or DeviceMessageResult.DiscoveryCapped or DeviceMessageResult.Decommissioned or DeviceMessageResult.Ignored;

    private Task ReportAsync(string topic, string code, string text) =>
        SendAsync(channel.ReportErrorAsync(new DeviceError(Id, code, text, topic, clock.GetUtcNow()), _sessionSilo));

    /// <summary>Reports a condition that repeats with every message, at most once a minute per code (<see cref="RepeatedErrorThrottle"/>).</summary>
    private Task ReportRepeatedAsync(string topic, string code, string text) =>
        _repeatedErrors.ShouldReport(code, clock.GetUtcNow())
            ? ReportAsync(topic, code, $"{text} (told at most once a minute)")
            : Task.CompletedTask;

    /// <summary>
    /// The change is already applied when it is announced: a failed announcement is logged, never thrown,
    /// or the stream would deliver the message again and apply it twice.
    /// </summary>
    private async Task SendAsync(Task publish)
    {
        try
        {
            await publish;
        }
        catch (Exception ex)
        {
            LogPublishFailed(logger, ex, Id);
        }
    }

    private async Task WriteStateAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            throw Break(ex, "write the twin's state");
        }

        _stateDirty = false;
    }

    /// <summary>
    /// Without a durable log the storage is in memory too: once the host stops it goes with the silo, and the silo,
    /// leaving the cluster, could not even place the storage grain a write needs.
    /// </summary>
    private bool StorageGoesWithTheSilo(bool shuttingDown) =>
        !log.IsDurable && (shuttingDown || host.ApplicationStopping.IsCancellationRequested);

    /// <summary>Tells the live feeds when the twin's announced presence is no longer <paramref name="before"/>.</summary>
    private void AnnouncePresenceChange(PresenceStatus before)
    {
        if (state.State.AnnouncedPresence != before)
        {
            var now = clock.GetUtcNow();
            events.Publish(new TwinEvent(TwinEventTypes.Presence, Id, state.State.Type, now,
                PlatformMessageJson.WritePresence(Id, state.State.AnnouncedPresence, before, now)));
        }
    }

    private void MarkDirty()
    {
        _directoryDirty = true;
        KeepSessionSilo();
        MarkStateDirty();
    }

    /// <summary>A change storage does not hold yet but the directory entry does not show (commands): the next snapshot writes it.</summary>
    private void MarkStateDirty()
    {
        _stateDirty = true;
        _flushTimer ??= this.RegisterGrainTimer(FlushAsync, _options.DirectoryUpdateInterval, _options.DirectoryUpdateInterval);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_directoryDirty)
        {
            directory.Enqueue(_twin.ToDirectoryEntry());
            _directoryDirty = false;
        }

        var now = clock.GetUtcNow();
        if (_stateDirty && now - _lastSnapshot >= _options.SnapshotInterval && !StorageGoesWithTheSilo(shuttingDown: false))
        {
            await WriteStateAsync();
            _lastSnapshot = now;
        }

        if (!_stateDirty && !_directoryDirty)
        {
            _flushTimer?.Dispose();
            _flushTimer = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Twin {TwinId} auto-discovered with type {DeviceType}")]
    private static partial void LogTwinDiscovered(ILogger logger, string twinId, string deviceType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish a message about twin {TwinId}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string twinId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twin {TwinId} could not remove its refused message {Sequence} from the log; it shows in the telemetry history")]
    private static partial void LogForgetFailed(ILogger logger, Exception exception, string twinId, long sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twin {TwinId} replayed {Count} logged device messages up to sequence {Sequence}")]
    private static partial void LogReplayed(ILogger logger, string twinId, int count, long sequence);

    [LoggerMessage(Level = LogLevel.Error, Message = "Twin {TwinId} could not {Operation}; it deactivates and reloads from storage")]
    private static partial void LogBroken(ILogger logger, Exception exception, string twinId, string operation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twin {TwinId} deleted; {RevokedCredentials} device credential(s) revoked with it")]
    private static partial void LogTwinDeleted(ILogger logger, string twinId, int revokedCredentials);

    [LoggerMessage(Level = LogLevel.Information, Message = "Twin {TwinId} decommissioned; {RevokedCredentials} device credential(s) revoked with it")]
    private static partial void LogCredentialsRevokedOnDecommission(ILogger logger, string twinId, int revokedCredentials);
}
