using System.Globalization;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Wire;

namespace DigitalTwin.Grains.Commands;

/// <summary>
/// The rules of one twin's commands over its persisted list (oldest first): submission checked against
/// the device type, dispatch in order, acks matched by command id, ack timeouts and queue expiry, cancel,
/// and a bounded history of finished commands. Plain code, so it is tested without a cluster; the grain
/// publishes what <see cref="DispatchQueued"/> returns and persists the list.
/// </summary>
internal sealed class CommandTracker(string twinId, List<TrackedCommand> commands, CommandCatalog catalog, CommandOptions options)
{
    // Counted and indexed, not searched: the twin asks after every device message and every command, and the list
    // holds the history too (a hundred finished commands by default), so a scan per command was a profile's top frame.
    private int _queued = commands.Count(c => c.Status == CommandStatus.Queued);
    private int _pending = commands.Count(c => !c.IsFinal);
    private readonly Dictionary<string, TrackedCommand> _byId = Index(commands);

    public IReadOnlyList<TrackedCommand> Commands => commands;

    public bool HasPending => _pending > 0;

    public bool HasQueued => _queued > 0;

    /// <summary>The earliest moment a pending command expires or times out.</summary>
    public DateTimeOffset? NextDeadline
    {
        get
        {
            DateTimeOffset? next = null;
            foreach (var command in commands)
            {
                if (command.Deadline is { } deadline && (next is null || deadline < next))
                {
                    next = deadline;
                }
            }

            return next;
        }
    }

    /// <summary>Queues a command after checking it against the device type; it goes out with <see cref="DispatchQueued"/>.</summary>
    public CommandResult Submit(CommandRequest request, string deviceType, DateTimeOffset now)
    {
        if (request.CommandId is { } requestedId && Find(requestedId) is { } existing)
        {
            return IsSameCommand(existing, request)
                ? new CommandResult(CommandResultStatus.Existing, existing.ToView(twinId))
                : new CommandResult(CommandResultStatus.CommandIdConflict, null, $"command id '{requestedId}' was used for a different command of twin '{twinId}'");
        }

        if (catalog.Check(deviceType, request.Action, request.Parameters) is { } refusal)
        {
            return new CommandResult(refusal.Status, null, refusal.Message);
        }

        if (_pending >= options.MaxPendingPerTwin)
        {
            return new CommandResult(
                CommandResultStatus.QueueFull,
                null,
                $"twin '{twinId}' holds {_pending} unfinished commands, the limit ({CommandOptions.SectionName}:MaxPendingPerTwin); wait for acks or cancel some");
        }

        var command = new TrackedCommand
        {
            Id = request.CommandId ?? NewId(now),
            Action = request.Action,
            Parameters = new(request.Parameters, StringComparer.Ordinal),
            Status = CommandStatus.Queued,
            Qos = request.Qos,
            Timeout = request.Timeout,
            CreatedAt = now,
            ExpiresAt = now + request.TimeToLive,
            JobId = request.JobId,
        };
        commands.Add(command);
        _byId.Add(command.Id, command);
        _queued++;
        _pending++;
        return new CommandResult(CommandResultStatus.Accepted, command.ToView(twinId));
    }

    /// <summary>Marks every queued command sent, oldest first, and returns them for publishing in that order.</summary>
    public IReadOnlyList<TrackedCommand> DispatchQueued(DateTimeOffset now)
    {
        List<TrackedCommand>? sent = null;
        foreach (var command in commands)
        {
            if (command.Status == CommandStatus.Queued && command.ExpiresAt > now)
            {
                command.Status = CommandStatus.Sent;
                command.SentAt = now;
                _queued--;
                (sent ??= []).Add(command);
            }
        }

        return sent ?? (IReadOnlyList<TrackedCommand>)[];
    }

    /// <summary>
    /// Applies a device's ack to the sent command it names. Returns null, changing nothing, when no such
    /// command was sent or it is already finished (a repeated or late ack): the caller counts those.
    /// </summary>
    public TrackedCommand? Acknowledge(CommandAck ack)
    {
        // A queued command was never published (it is stored as sent before it goes out), so an ack for it
        // can only be forged or mistaken: it counts as unmatched like any other.
        var command = Find(ack.CommandId);
        if (command is null || command.Status != CommandStatus.Sent)
        {
            return null;
        }

        command.Status = ack.Succeeded ? CommandStatus.Succeeded : CommandStatus.Failed;
        _pending--;
        command.CompletedAt = ack.ReceivedAt;
        command.ResultJson = ack.ResultJson;
        command.Reason = ack.Succeeded ? null : ack.Message ?? "the device reported a failure";
        Trim(command);
        return command;
    }

    /// <summary>Times out sent commands without an ack and expires queued ones past their time-to-live.</summary>
    public IReadOnlyList<TrackedCommand> Expire(DateTimeOffset now)
    {
        List<TrackedCommand>? changed = null;
        foreach (var command in commands)
        {
            if (command.Deadline is not { } deadline || deadline > now)
            {
                continue;
            }

            if (command.Status == CommandStatus.Sent)
            {
                command.Status = CommandStatus.TimedOut;
                command.Reason = string.Create(CultureInfo.InvariantCulture, $"no ack within {command.Timeout.TotalSeconds:0.###} s");
            }
            else
            {
                Unqueue(command);
                command.Status = CommandStatus.Expired;
                command.Reason = "the device stayed offline past the command's time-to-live";
            }

            _pending--;
            command.CompletedAt = now;
            (changed ??= []).Add(command);
        }

        if (changed is null)
        {
            return [];
        }

        Trim(changed);
        return changed;
    }

    public CommandResult Cancel(string commandId, DateTimeOffset now)
    {
        var command = Find(commandId);
        if (command is null)
        {
            return new CommandResult(CommandResultStatus.CommandNotFound, null, NotFound(commandId));
        }

        if (command.IsFinal)
        {
            return new CommandResult(CommandResultStatus.AlreadyFinished, command.ToView(twinId), $"command '{commandId}' is already {WireNames.Of(command.Status)}");
        }

        Finish(command, CommandStatus.Cancelled, now, command.SentAt is null ? "cancelled before it was sent" : "cancelled after it was sent; the device may still carry it out");
        Trim(command);
        return new CommandResult(CommandResultStatus.Accepted, command.ToView(twinId));
    }

    /// <summary>Cancels every unfinished command (the twin is deleted or decommissioned) and returns them.</summary>
    public IReadOnlyList<TrackedCommand> CancelPending(string reason, DateTimeOffset now)
    {
        var cancelled = commands.Where(c => !c.IsFinal).ToList();
        foreach (var command in cancelled)
        {
            Finish(command, CommandStatus.Cancelled, now, reason);
        }

        Trim(cancelled);
        return cancelled;
    }

    public TrackedCommand? Find(string commandId) => _byId.GetValueOrDefault(commandId);

    public CommandPage Query(CommandQuery query, long unmatchedAcks)
    {
        var matching = new List<CommandView>();
        var total = 0;
        for (var i = commands.Count - 1; i >= 0; i--)
        {
            var command = commands[i];
            if (query.Status is { } status && command.Status != status)
            {
                continue;
            }

            if (total >= query.Offset && matching.Count < query.Limit)
            {
                matching.Add(command.ToView(twinId));
            }

            total++;
        }

        return new CommandPage(total, [.. matching], unmatchedAcks);
    }

    public string NotFound(string commandId) => $"twin '{twinId}' has no command '{commandId}'";

    private void Finish(TrackedCommand command, CommandStatus status, DateTimeOffset now, string reason)
    {
        Unqueue(command);
        _pending--;
        command.Status = status;
        command.CompletedAt = now;
        command.Reason = reason;
    }

    /// <summary>
    /// The common case of <see cref="Trim(IReadOnlyCollection{TrackedCommand})"/>, once per ack: with a full history
    /// exactly one command goes, found in one pass without sorting the history.
    /// </summary>
    private void Trim(TrackedCommand justFinished)
    {
        var excess = commands.Count - _pending - Math.Max(options.HistoryPerTwin, 1);
        if (excess != 1)
        {
            Trim([justFinished]);
            return;
        }

        TrackedCommand? earliest = null;
        foreach (var command in commands)
        {
            if (command.IsFinal && command != justFinished && (earliest is null || command.CompletedAt < earliest.CompletedAt))
            {
                earliest = command;
            }
        }

        Forget([earliest!]);
    }

    /// <summary>
    /// Forgets the finished commands that finished earliest beyond <see cref="CommandOptions.HistoryPerTwin"/>;
    /// the ones that just finished stay, so their outcome can always be read at least once.
    /// </summary>
    private void Trim(IReadOnlyCollection<TrackedCommand> justFinished)
    {
        var excess = commands.Count - _pending - Math.Max(options.HistoryPerTwin, justFinished.Count);
        if (excess <= 0)
        {
            return;
        }

        Forget(commands
            .Where(c => c.IsFinal && !justFinished.Contains(c))
            .OrderBy(c => c.CompletedAt)
            .Take(excess)
            .ToHashSet());
    }

    private void Forget(IReadOnlyCollection<TrackedCommand> forgotten)
    {
        foreach (var command in forgotten)
        {
            _byId.Remove(command.Id);
        }

        commands.RemoveAll(forgotten.Contains);
    }

    private static Dictionary<string, TrackedCommand> Index(List<TrackedCommand> commands)
    {
        var byId = new Dictionary<string, TrackedCommand>(commands.Count, StringComparer.Ordinal);
        foreach (var command in commands)
        {
            // First wins, as the list search it replaces did.
            byId.TryAdd(command.Id, command);
        }

        return byId;
    }

    private void Unqueue(TrackedCommand command)
    {
        if (command.Status == CommandStatus.Queued)
        {
            _queued--;
        }
    }

    private static bool IsSameCommand(TrackedCommand command, CommandRequest request) =>
        command.Action == request.Action
        && command.Parameters.Count == request.Parameters.Count
        && request.Parameters.All(p => command.Parameters.TryGetValue(p.Key, out var value) && value.Equals(p.Value));

    // Version 7 ids sort by creation time, so a twin's command ids read in the order they were made.
    private static string NewId(DateTimeOffset now) => "cmd-" + Guid.CreateVersion7(now).ToString("N");
}
