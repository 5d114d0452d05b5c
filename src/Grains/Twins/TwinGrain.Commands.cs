using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Events;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Wire;
using DigitalTwin.Wire.Outbound;
using DigitalTwin.Wire.Payloads;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The twin's commands; the rules live in <see cref="CommandTracker"/>. With PostgreSQL every change of a command is
/// written to storage before it is answered or published, so pending commands and their deadlines survive a restart;
/// with in-memory storage, which goes with the silo anyway, changes are written behind (<see cref="StoreCommandsAsync"/>).
/// A timer fires at the next deadline while the twin is active; a reminder, kept while commands are pending and for
/// <see cref="ReminderReleaseDelay"/> after the last one finished, brings the twin back after a restart or an idle
/// deactivation.
/// </summary>
internal sealed partial class TwinGrain : ITwinCommandsGrain, IRemindable
{
    private const string CommandReminder = "commands";

    /// <summary>Orleans' shortest reminder period: a deadline missed while the twin was away is late by at most this.</summary>
    private static readonly TimeSpan CommandReminderPeriod = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan KeepAliveForDeadlinesWithin = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the reminder outlives the twin's last pending command. Registering and removing it is a write to the
    /// reminder table each (a PostgreSQL row): a twin taking commands one after the other keeps it instead of
    /// writing twice per command.
    /// </summary>
    private static readonly TimeSpan ReminderReleaseDelay = TimeSpan.FromSeconds(5);

    // Short-lived activation state of the commands.
    private CommandTracker _commands = null!;
    private IGrainTimer? _commandTimer;
    private bool _commandTimerKeepsAlive;
    private IGrainReminder? _commandReminder;
    private DateTimeOffset? _noCommandsPendingSince;
    private readonly Dictionary<string, List<TaskCompletionSource<CommandView>>> _commandWaiters = new(StringComparer.Ordinal);

    public async Task<CommandResult> SendCommandAsync(CommandRequest request)
    {
        ThrowIfBroken();
        if (Refuse(TwinAccess.Command) is { } refused)
        {
            return refused;
        }

        var now = clock.GetUtcNow();
        var result = _commands.Submit(request, state.State.Type, now);
        if (result.Status != CommandResultStatus.Accepted)
        {
            return result;
        }

        siloCommands.Metrics.CommandAccepted();
        var sent = IsOnline(now) ? _commands.DispatchQueued(now) : [];
        await StoreCommandsAsync();
        var command = _commands.Find(result.Command!.CommandId)!;
        if (sent.Count == 0)
        {
            RaiseCommandStatus(command, previous: null);
        }

        await PublishCommandsAsync(sent);
        await ScheduleCommandsAsync();
        return new CommandResult(CommandResultStatus.Accepted, command.ToView(Id));
    }

    public async Task ReceiveAckAsync(CommandAck ack)
    {
        ThrowIfBroken();
        if (TwinAdmission.Check(state.State, TwinAccess.Management) == TwinRefusal.NotFound)
        {
            metrics.MessageRejected(PayloadErrorCodes.TwinNotFound);
            await SendAsync(channel.ReportErrorAsync(new DeviceError(Id, PayloadErrorCodes.TwinNotFound, $"no twin exists for device '{Id}'", DeviceTopics.AckFor(Id), clock.GetUtcNow()), _sessionSilo));
            DeactivateOnIdle();
            return;
        }

        var command = _commands.Acknowledge(ack);
        if (command is null)
        {
            state.State.UnmatchedAcks++;
            MarkDirty();
            siloCommands.Metrics.AckUnmatched();
            LogUnmatchedAck(logger, Id, ack.CommandId);
            return;
        }

        await StoreCommandsAsync();
        Finished(command);
        await ScheduleCommandsAsync();
    }

    public Task<CommandView?> GetCommandAsync(string commandId) =>
        Task.FromResult(_twin.Exists ? _commands.Find(commandId)?.ToView(Id) : null);

    public async Task<CommandView?> WaitForCommandAsync(string commandId, TimeSpan wait)
    {
        var command = _twin.Exists ? _commands.Find(commandId)?.ToView(Id) : null;
        if (command is null || command.IsFinal || wait <= TimeSpan.Zero)
        {
            return command;
        }

        var waiter = new TaskCompletionSource<CommandView>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_commandWaiters.TryGetValue(commandId, out var waiters))
        {
            _commandWaiters[commandId] = waiters = [];
        }

        waiters.Add(waiter);
        using var timeout = new CancellationTokenSource();
        try
        {
            // The delay is cancelled when the command finishes first, so a quick ack leaves no timer behind.
            await Task.WhenAny(waiter.Task, Task.Delay(wait, clock, timeout.Token));
        }
        finally
        {
            timeout.Cancel();
            waiters.Remove(waiter);
            if (waiters.Count == 0)
            {
                _commandWaiters.Remove(commandId);
            }
        }

        return waiter.Task.IsCompletedSuccessfully ? waiter.Task.Result : _commands.Find(commandId)?.ToView(Id) ?? command;
    }

    public Task<CommandPage?> ListCommandsAsync(CommandQuery query) =>
        Task.FromResult(_twin.Exists ? _commands.Query(query, state.State.UnmatchedAcks) : null);

    public async Task<CommandResult> CancelCommandAsync(string commandId)
    {
        ThrowIfBroken();
        if (Refuse(TwinAccess.Management) is { } refused)
        {
            return refused;
        }

        var result = _commands.Cancel(commandId, clock.GetUtcNow());
        if (result.Status != CommandResultStatus.Accepted)
        {
            return result;
        }

        await StoreCommandsAsync();
        Finished(_commands.Find(commandId)!);
        await ScheduleCommandsAsync();
        return result;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CommandReminder)
        {
            return;
        }

        _commandReminder ??= await this.GetReminder(CommandReminder);
        await OnCommandDeadlineAsync(CancellationToken.None);
    }

    /// <summary>
    /// Starts tracking over the state's commands (after activation, or after a delete emptied them): deadlines that
    /// passed while the twin was away fire at once.
    /// </summary>
    private async Task ActivateCommandsAsync()
    {
        _commands = new CommandTracker(Id, state.State.Commands, siloCommands.Catalog, siloCommands.Options);
        await ScheduleCommandsAsync();
    }

    /// <summary>Sends the queued commands, in order, when the device is online (called after its traffic).</summary>
    private async Task DispatchQueuedCommandsAsync()
    {
        var now = clock.GetUtcNow();
        if (!_commands.HasQueued || !IsOnline(now) || TwinAdmission.Check(state.State, TwinAccess.Command) != TwinRefusal.None)
        {
            return;
        }

        var expired = _commands.Expire(now);
        var sent = _commands.DispatchQueued(now);
        await StoreCommandsAsync();
        AnnounceFinished(expired);
        await PublishCommandsAsync(sent);
        await ScheduleCommandsAsync();
    }

    private async Task OnCommandDeadlineAsync(CancellationToken cancellationToken)
    {
        if (_broken)
        {
            return;
        }

        var changed = _commands.Expire(clock.GetUtcNow());
        if (changed.Count > 0)
        {
            await StoreCommandsAsync();
            AnnounceFinished(changed);
        }

        await ScheduleCommandsAsync();
    }

    /// <summary>
    /// Arms the timer for the next deadline, and keeps the reminder while commands are pending and for
    /// <see cref="ReminderReleaseDelay"/> after the last one finished (the timer fires then to remove it).
    /// </summary>
    private async Task ScheduleCommandsAsync()
    {
        var now = clock.GetUtcNow();
        if (_commands.NextDeadline is { } deadline)
        {
            _noCommandsPendingSince = null;
            ArmCommandTimer(deadline - now);
            if (_commandReminder is null)
            {
                await TryAsync(async () => _commandReminder = await this.RegisterOrUpdateReminder(CommandReminder, CommandReminderPeriod, CommandReminderPeriod), "register");
            }

            return;
        }

        if (_commandReminder is not null)
        {
            _noCommandsPendingSince ??= now;
            var release = _noCommandsPendingSince.Value + ReminderReleaseDelay - now;
            if (release > TimeSpan.Zero)
            {
                ArmCommandTimer(release);
                return;
            }
        }

        _commandTimer?.Dispose();
        _commandTimer = null;
        await ReleaseCommandReminderAsync();
    }

    /// <summary>
    /// Moves the one command timer rather than replacing it, as every command moves it twice. A deadline soon keeps the
    /// twin active to meet it precisely; a distant one (a command queued for hours) leaves the twin free to deactivate,
    /// and the reminder brings it back.
    /// </summary>
    private void ArmCommandTimer(TimeSpan due)
    {
        due = due > TimeSpan.Zero ? due : TimeSpan.Zero;
        var keepAlive = due <= KeepAliveForDeadlinesWithin;
        if (_commandTimer is not null && _commandTimerKeepsAlive == keepAlive)
        {
            _commandTimer.Change(due, Timeout.InfiniteTimeSpan);
            return;
        }

        _commandTimer?.Dispose();
        _commandTimer = this.RegisterGrainTimer(OnCommandDeadlineAsync, new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { KeepAlive = keepAlive });
        _commandTimerKeepsAlive = keepAlive;
    }

    private async Task ReleaseCommandReminderAsync()
    {
        if (_commandReminder is { } reminder)
        {
            await TryAsync(async () =>
            {
                await this.UnregisterReminder(reminder);
                _commandReminder = null;
                _noCommandsPendingSince = null;
            }, "unregister");
        }
    }

    /// <summary>
    /// A change of the commands, stored before the caller answers or publishes: written through when storage outlives
    /// the silo (a durable log means PostgreSQL holds the state too). In-memory storage goes with the silo like the
    /// activation itself, so writing the whole twin twice per command there bought nothing: the change is written
    /// behind, with the next snapshot or at deactivation, as device messages are.
    /// </summary>
    private Task StoreCommandsAsync()
    {
        if (log.IsDurable)
        {
            return WriteStateAsync();
        }

        MarkStateDirty();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The change is stored already; a reminder table that is down must not fail it. An active twin still
    /// meets its deadlines on the timer, and the next schedule tries the reminder again.
    /// </summary>
    private async Task TryAsync(Func<Task> reminderOperation, string operation)
    {
        try
        {
            await reminderOperation();
        }
        catch (Exception ex)
        {
            LogReminderFailed(logger, ex, Id, operation);
        }
    }

    private async Task PublishCommandsAsync(IReadOnlyList<TrackedCommand> sent)
    {
        foreach (var command in sent)
        {
            siloCommands.Metrics.CommandSent();
            LogCommandSent(logger, Id, command.Id, command.Action);
            RaiseCommandStatus(command, command.CreatedAt == command.SentAt ? null : CommandStatus.Queued);
            await SendAsync(channel.PublishCommandAsync(DeviceCommandOf(command), _sessionSilo));
        }
    }

    private DeviceCommand DeviceCommandOf(TrackedCommand command) =>
        new(Id, command.Id, command.Action, command.Parameters, command.Timeout, command.Qos, command.SentAt!.Value);

    /// <summary>Announces commands that expired, timed out or were cancelled together (<see cref="Finished"/> for each).</summary>
    private void AnnounceFinished(IReadOnlyList<TrackedCommand> changed)
    {
        foreach (var command in changed)
        {
            Finished(command);
        }
    }

    /// <summary>Tells whoever waits for a command that reached its final state: API callers and its job.</summary>
    private void Finished(TrackedCommand command)
    {
        siloCommands.Metrics.CommandFinished(command.Status, command.CompletedAt - command.SentAt);
        LogCommandFinished(logger, Id, command.Id, WireNames.Of(command.Status));
        RaiseCommandStatus(command, command.SentAt is null ? CommandStatus.Queued : CommandStatus.Sent);
        var view = command.ToView(Id);
        if (_commandWaiters.Remove(command.Id, out var waiters))
        {
            foreach (var waiter in waiters)
            {
                waiter.TrySetResult(view);
            }
        }

        if (command.JobId is { } jobId)
        {
            GrainFactory.GetGrain<ICommandJobGrain>(jobId).ReportAsync(view).Ignore();
        }
    }

    /// <summary>Tells the live feeds; <paramref name="previous"/> is null for a command seen for the first time.</summary>
    private void RaiseCommandStatus(TrackedCommand command, CommandStatus? previous)
    {
        var now = clock.GetUtcNow();
        var json = PlatformMessageJson.WriteCommandStatus(Id, command.Id, command.Action, command.Status, previous, command.Reason, command.JobId, now);
        events.Publish(new TwinEvent(TwinEventTypes.CommandStatus, Id, state.State.Type, now, json));
    }

    /// <summary>The command call's answer when the twin refuses it (<see cref="TwinAdmission"/>), or null when it takes it.</summary>
    private CommandResult? Refuse(TwinAccess access) => TwinAdmission.Check(state.State, access) switch
    {
        TwinRefusal.None => null,
        TwinRefusal.NotFound => new CommandResult(CommandResultStatus.TwinNotFound, null, $"Twin with ID {Id} not found"),
        _ => new CommandResult(CommandResultStatus.TwinNotActive, null, $"Twin with ID {Id} is {WireNames.Of(state.State.Lifecycle)} and takes no commands"),
    };

    private bool IsOnline(DateTimeOffset now) =>
        Presence.Evaluate(state.State.AnnouncedPresence, state.State.LastSeen, now, _options.InactivityTimeout) == PresenceStatus.Online;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Twin {TwinId} sent command {CommandId} ({Action})")]
    private static partial void LogCommandSent(ILogger logger, string twinId, string commandId, string action);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Twin {TwinId} command {CommandId} is {Status}")]
    private static partial void LogCommandFinished(ILogger logger, string twinId, string commandId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twin {TwinId} could not {Operation} its command reminder; it tries again on the next change")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception, string twinId, string operation);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Twin {TwinId} got an ack for {CommandId}, which matches no unfinished command")]
    private static partial void LogUnmatchedAck(ILogger logger, string twinId, string commandId);
}
