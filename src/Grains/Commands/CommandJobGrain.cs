using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace DigitalTwin.Grains.Commands;

/// <summary>
/// Sends one command to many twins. The targets are resolved from the directory (or named), persisted, and
/// sent to in batches on a timer, so the job answers status queries while it dispatches; each target gets
/// a command id derived from the job, so a dispatch resumed after a restart never runs a command twice.
/// Twins report final outcomes back; those are written behind, at most a second late.
/// </summary>
/// <remarks>Immovable for the reason <see cref="TwinGrain"/> gives: its dispatch timer ticks every few milliseconds.</remarks>
[Immovable]
internal sealed partial class CommandJobGrain(
    [PersistentState(TwinStorage.CommandJobStateName, TwinStorage.ProviderName)] IPersistentState<CommandJobState> state,
    ITwinDirectory directory,
    IOptions<CommandOptions> options,
    TimeProvider clock,
    ILogger<CommandJobGrain> logger) : Grain, ICommandJobGrain
{
    /// <summary>Twins one timer tick sends to, and how many of those calls run at once.</summary>
    private const int BatchSize = 200;
    private const int Parallelism = 16;
    private const int DirectoryPageSize = 1000;

    private const int MaxAttempts = 5;

    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    // Short-lived activation state.
    private CommandJob _job = null!;
    private IGrainTimer? _dispatchTimer;
    private IGrainTimer? _flushTimer;
    private bool _dirty;
    private readonly Dictionary<string, int> _failedAttempts = new(StringComparer.Ordinal);
    private DateTimeOffset _retryAt;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _job = new CommandJob(Id, state.State);
        if (state.State.Exists && state.State.Status == CommandJobStatus.Dispatching)
        {
            StartDispatching();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _dispatchTimer?.Dispose();
        _flushTimer?.Dispose();
        if (_dirty)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public async Task<CommandJobView> StartAsync(CommandJobRequest request)
    {
        if (state.State.Exists)
        {
            return _job.ToView();
        }

        _job.Start(request, clock.GetUtcNow());
        await state.WriteStateAsync();
        LogJobStarted(logger, Id, request.Command.Action);
        StartDispatching();
        return _job.ToView();
    }

    public Task<CommandJobView?> GetAsync() => Task.FromResult(state.State.Exists ? _job.ToView() : null);

    public Task<CommandJobTargetPage?> ListTargetsAsync(CommandJobTargetQuery query) =>
        Task.FromResult(state.State.Exists ? _job.Query(query) : null);

    public Task ReportAsync(CommandView command)
    {
        if (state.State.Exists)
        {
            _job.Report(command);
            _job.Advance(clock.GetUtcNow());
            MarkDirty();
        }

        return Task.CompletedTask;
    }

    private void StartDispatching() =>
        _dispatchTimer ??= this.RegisterGrainTimer(DispatchAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(10)) { KeepAlive = true });

    /// <summary>One tick: resolve the targets (first tick) or send the next batch, then persist progress.</summary>
    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxJobTwins;
        var request = state.State.Request!;
        try
        {
            if (!state.State.Resolved)
            {
                if (!await ResolveAsync(request, limit, cancellationToken))
                {
                    // The API refuses a filter that selects too many twins; twins added since may still tip it over.
                    _job.Truncated($"the filter selected more than {limit} twins ({CommandOptions.SectionName}:MaxJobTwins); only the first {limit} get the command");
                }

                state.State.Resolved = true;
            }
            else if (clock.GetUtcNow() >= _retryAt)
            {
                await SendBatchAsync(request.Command);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The tick runs again; a twin that cannot be reached now may be reachable on the next one.
            LogDispatchFailed(logger, ex, Id);
            return;
        }

        _job.Advance(clock.GetUtcNow());
        await state.WriteStateAsync(CancellationToken.None);
        _dirty = false;
        if (state.State.Status != CommandJobStatus.Dispatching)
        {
            // Disposing the timer cancels this tick's token: the write above must not depend on it.
            _dispatchTimer?.Dispose();
            _dispatchTimer = null;
            LogJobDispatched(logger, Id, state.State.Targets.Count);
        }
    }

    private async Task<bool> ResolveAsync(CommandJobRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.TwinIds is { } named)
        {
            return _job.AddTargets(named, limit);
        }

        var query = request.Filter! with { Limit = DirectoryPageSize, Offset = 0, Cursor = null };
        while (true)
        {
            var page = await directory.QueryAsync(query, cancellationToken);
            if (!_job.AddTargets(page.Twins.Select(t => t.Entry.Id), limit))
            {
                return false;
            }

            if (page.NextCursor is null)
            {
                return true;
            }

            query = query with { Cursor = page.NextCursor };
        }
    }

    private async Task SendBatchAsync(CommandRequest command)
    {
        var batch = _job.NextToSend(BatchSize);
        foreach (var chunk in batch.Chunk(Parallelism))
        {
            var results = await Task.WhenAll(chunk.Select(item => TrySendAsync(item.Target.TwinId, command with { CommandId = item.CommandId, JobId = Id })));
            for (var i = 0; i < chunk.Length; i++)
            {
                if (results[i] is { } result)
                {
                    _job.Sent(chunk[i].Target.TwinId, result);
                }
            }
        }
    }

    /// <summary>
    /// One twin's send, on its own: a twin that fails (storage down, reloading) holds up neither the others
    /// nor the job. It is tried again after <see cref="RetryDelay"/>, and after <see cref="MaxAttempts"/>
    /// failures recorded as refused with the error.
    /// </summary>
    private async Task<CommandResult?> TrySendAsync(string twinId, CommandRequest command)
    {
        try
        {
            return await GrainFactory.GetGrain<ITwinCommandsGrain>(twinId).SendCommandAsync(command);
        }
        catch (Exception ex)
        {
            var attempts = _failedAttempts[twinId] = _failedAttempts.GetValueOrDefault(twinId) + 1;
            LogSendFailed(logger, ex, Id, twinId, attempts);
            _retryAt = clock.GetUtcNow() + RetryDelay;
            return attempts < MaxAttempts
                ? null
                : new CommandResult(CommandResultStatus.TwinNotFound, null, $"the twin could not be reached after {attempts} attempts: {ex.Message}");
        }
    }

    private void MarkDirty()
    {
        _dirty = true;
        _flushTimer ??= this.RegisterGrainTimer(FlushAsync, FlushInterval, FlushInterval);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await state.WriteStateAsync(cancellationToken);
            _dirty = false;
        }
        else
        {
            _flushTimer?.Dispose();
            _flushTimer = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Command job {JobId} started: action {Action}")]
    private static partial void LogJobStarted(ILogger logger, string jobId, string action);

    [LoggerMessage(Level = LogLevel.Information, Message = "Command job {JobId} sent its command to {Count} twins")]
    private static partial void LogJobDispatched(ILogger logger, string jobId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Command job {JobId} could not send to twin {TwinId} (attempt {Attempts})")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string jobId, string twinId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Command job {JobId} could not send a batch; it tries again")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, string jobId);
}
