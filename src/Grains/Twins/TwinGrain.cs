using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Outbound;
using DigitalTwin.Grains.Payloads;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The twin of one device. Device messages arrive in order on the device's stream (implicit
/// subscription); the rules live in <see cref="Twin"/>. Device traffic is persisted behind
/// (<see cref="TwinOptions.SnapshotInterval"/>) and at deactivation; API writes are persisted before
/// they are answered. Directory entries are sent at most once per <see cref="TwinOptions.DirectoryUpdateInterval"/>.
/// </summary>
[ImplicitStreamSubscription(DeviceStreams.Namespace)]
internal sealed partial class TwinGrain(
    [PersistentState(TwinStorage.TwinStateName, TwinStorage.ProviderName)] IPersistentState<TwinState> state,
    IOptions<TwinOptions> options,
    TwinDirectoryWriter directory,
    IDeviceChannel channel,
    IngestMetrics metrics,
    TimeProvider clock,
    ILogger<TwinGrain> logger) : Grain, ITwinGrain
{
    private readonly TwinOptions _options = options.Value;

    // Short-lived activation state: what has changed since the last snapshot and directory entry.
    private Twin _twin = null!;
    private bool _stateDirty;
    private bool _directoryDirty;
    private DateTimeOffset _lastSnapshot;
    private IGrainTimer? _flushTimer;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _twin = new Twin(Id, state.State, Rules);

        // A random phase spreads the snapshots of twins activated together (a fleet reconnecting)
        // over the interval instead of writing them all in the same instant.
        _lastSnapshot = clock.GetUtcNow() - (_options.SnapshotInterval * Random.Shared.NextDouble());
        var stream = this.GetStreamProvider(DeviceStreams.ProviderName)
            .GetStream<DeviceMessage>(StreamId.Create(DeviceStreams.Namespace, Id));
        await stream.SubscribeAsync((message, _) => OnDeviceMessageAsync(message));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _flushTimer?.Dispose();
        if (_directoryDirty)
        {
            directory.Enqueue(_twin.ToDirectoryEntry());
        }

        if (_stateDirty)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<TwinSnapshot?> GetAsync() =>
        Task.FromResult(_twin.Exists ? _twin.ToSnapshot(clock.GetUtcNow()) : null);

    public Task<TwinWriteResult> CreateAsync(TwinDefinition definition) =>
        CommitAsync(_twin.Create(definition, clock.GetUtcNow()), [], "api");

    public Task<TwinWriteResult> ReplaceDefinitionAsync(TwinDefinition definition) =>
        CommitAsync(_twin.ReplaceDefinition(definition, clock.GetUtcNow()), [], "api");

    public Task<TwinWriteResult> ReplaceMetadataAsync(Dictionary<string, FieldValue> metadata) =>
        CommitAsync(_twin.ReplaceMetadata(metadata, clock.GetUtcNow()), [], "api");

    public Task<TwinWriteResult> UpdateReportedStateAsync(NamedValue[] values)
    {
        var status = _twin.UpdateReported(values, clock.GetUtcNow(), out var changed);
        return CommitAsync(status, changed, "api");
    }

    public Task<TwinWriteResult> ChangeLifecycleAsync(TwinLifecycle target)
    {
        var before = state.State.Version;
        var status = _twin.ChangeLifecycle(target, clock.GetUtcNow());
        return status == TwinWriteStatus.Applied && before == state.State.Version
            ? Task.FromResult(Result(status))
            : CommitAsync(status, [], "api");
    }

    public async Task<TwinWriteResult> DeleteAsync()
    {
        if (!_twin.Exists)
        {
            return Result(TwinWriteStatus.NotFound);
        }

        // The deleted twin keeps only its version, so a twin re-created under the same id goes on
        // counting and no older directory entry or version check can mistake it for the old one.
        var tombstone = _twin.ToDirectoryEntry() with { Version = state.State.Version + 1, Deleted = true };
        state.State = new TwinState { Version = tombstone.Version };
        await state.WriteStateAsync();
        _twin = new Twin(Id, state.State, Rules);
        _stateDirty = false;
        _directoryDirty = false;
        directory.Enqueue(tombstone);
        LogTwinDeleted(logger, Id);
        await PublishUpdateAsync([], "api", deleted: true);
        return new TwinWriteResult(TwinWriteStatus.Applied, null);
    }

    public Task<TelemetryPoint[]?> GetTelemetryAsync(TelemetryQuery query) =>
        Task.FromResult(_twin.Exists ? TelemetryWindow.Query(state.State.Telemetry, query) : null);

    private TwinRules Rules => new(_options.TelemetryWindowSize, _options.AutoDiscovery, _options.InactivityTimeout, _options.MaxReportedFields);

    private string TooManyFieldsReason =>
        $"twin '{Id}' holds {state.State.Reported.Count} reported fields; new names would exceed the limit of {_options.MaxReportedFields} (Twins:MaxReportedFields)";

    private async Task OnDeviceMessageAsync(DeviceMessage message)
    {
        var outcome = _twin.Apply(message);
        switch (outcome.Result)
        {
            case DeviceMessageResult.UnknownDevice:
                metrics.MessageRejected(PayloadErrorCodes.TwinNotFound);
                await ReportAsync(message, PayloadErrorCodes.TwinNotFound, $"no twin exists for device '{Id}' and auto-discovery is off");
                DeactivateOnIdle();
                return;
            case DeviceMessageResult.Decommissioned:
                metrics.MessageRejected(PayloadErrorCodes.TwinDecommissioned);
                await ReportAsync(message, PayloadErrorCodes.TwinDecommissioned, $"twin '{Id}' is decommissioned and accepts no updates");
                break;
            case DeviceMessageResult.TooManyFields:
                metrics.MessageRejected(PayloadErrorCodes.TooManyFields);
                await ReportAsync(message, PayloadErrorCodes.TooManyFields, TooManyFieldsReason);
                break;
            case DeviceMessageResult.Ignored:
                metrics.MessageIgnored();
                break;
            case DeviceMessageResult.Stale:
                metrics.MessageStale();
                break;
            default:
                metrics.MessageAccepted();
                break;
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
    }

    private async Task<TwinWriteResult> CommitAsync(TwinWriteStatus status, IReadOnlyList<NamedValue> changed, string source)
    {
        if (status != TwinWriteStatus.Applied)
        {
            return Result(status);
        }

        await state.WriteStateAsync();
        _stateDirty = false;
        _lastSnapshot = clock.GetUtcNow();
        directory.Enqueue(_twin.ToDirectoryEntry());
        _directoryDirty = false;
        await PublishUpdateAsync(changed, source);
        return Result(status);
    }

    private TwinWriteResult Result(TwinWriteStatus status) =>
        new(status, _twin.Exists ? _twin.ToSnapshot(clock.GetUtcNow()) : null, Reason(status));

    private string? Reason(TwinWriteStatus status) => status switch
    {
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
        return SendAsync(channel.PublishTwinUpdateAsync(new TwinUpdate(
            Id, state.State.Version, state.State.LastUpdated, state.State.Lifecycle, presence, changed, source, deleted)));
    }

    private Task ReportAsync(DeviceMessage message, string code, string text) =>
        SendAsync(channel.ReportErrorAsync(new DeviceError(Id, code, text, DeviceTopics.For(Id, message.Kind), clock.GetUtcNow())));

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

    private void MarkDirty()
    {
        _stateDirty = true;
        _directoryDirty = true;
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
        if (_stateDirty && now - _lastSnapshot >= _options.SnapshotInterval)
        {
            await state.WriteStateAsync(cancellationToken);
            _stateDirty = false;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Twin {TwinId} deleted")]
    private static partial void LogTwinDeleted(ILogger logger, string twinId);
}
