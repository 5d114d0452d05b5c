using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Wire;

namespace DigitalTwin.Grains.Commands;

/// <summary>
/// The rules of one command job over its <see cref="CommandJobState"/>: targets, what to send next, the
/// outcome per twin, when the job is complete, and counts per outcome. Plain code, tested without a cluster.
/// </summary>
public sealed class CommandJob(string jobId, CommandJobState state)
{
    /// <summary>The outcome name of a twin that refused the command.</summary>
    public const string Refused = "refused";

    private readonly Dictionary<string, int> _index = Index(state.Targets);

    public CommandJobState State => state;

    public void Start(CommandJobRequest request, DateTimeOffset now)
    {
        state.Exists = true;
        state.Request = request;
        state.Status = CommandJobStatus.Dispatching;
        state.CreatedAt = now;
    }

    /// <summary>Adds targets in order, once each; returns false, adding no more, once the job holds <paramref name="max"/>.</summary>
    public bool AddTargets(IEnumerable<string> twinIds, int max)
    {
        foreach (var twinId in twinIds)
        {
            if (_index.ContainsKey(twinId))
            {
                continue;
            }

            if (state.Targets.Count >= max)
            {
                return false;
            }

            _index[twinId] = state.Targets.Count;
            state.Targets.Add(new CommandJobTarget(twinId, null, null, null, null));
        }

        return true;
    }

    /// <summary>The next targets not sent yet, with the command id each gets: the same id on a resumed send, so a twin never runs it twice.</summary>
    public IReadOnlyList<(CommandJobTarget Target, string CommandId)> NextToSend(int count)
    {
        var batch = new List<(CommandJobTarget, string)>(count);
        for (var i = 0; i < state.Targets.Count && batch.Count < count; i++)
        {
            var target = state.Targets[i];
            if (target.CommandId is null && target.Reason is null)
            {
                batch.Add((target, $"{jobId}.{i}"));
            }
        }

        return batch;
    }

    /// <summary>Records what a twin answered when the job sent it the command.</summary>
    public void Sent(string twinId, CommandResult result)
    {
        var target = result.Succeeded
            ? Outcome(twinId, result.Command!)
            : new CommandJobTarget(twinId, null, null, result.Reason ?? result.Status.ToString(), null);
        Set(target);
    }

    /// <summary>A twin's command of this job changed; a report older than what the job knows changes nothing.</summary>
    public void Report(CommandView command)
    {
        if (_index.TryGetValue(command.TwinId, out var i) && state.Targets[i].IsFinal && state.Targets[i].CommandId is not null)
        {
            return;
        }

        Set(Outcome(command.TwinId, command));
    }

    /// <summary>Moves the job on once every target is sent (running) and every outcome is final (completed).</summary>
    public void Advance(DateTimeOffset now)
    {
        if (state.Status == CommandJobStatus.Completed || !state.Resolved || NextToSend(1).Count > 0)
        {
            return;
        }

        state.Status = CommandJobStatus.Running;
        if (state.Targets.TrueForAll(t => t.IsFinal))
        {
            state.Status = CommandJobStatus.Completed;
            state.CompletedAt = now;
        }
    }

    /// <summary>Notes that the job addresses fewer twins than its filter selected.</summary>
    public void Truncated(string reason) => state.Error = reason;

    public CommandJobView ToView() => new()
    {
        JobId = jobId,
        Request = state.Request!,
        Status = state.Status,
        CreatedAt = state.CreatedAt,
        CompletedAt = state.CompletedAt,
        Targets = state.Targets.Count,
        Counts = Counts(),
        Error = state.Error,
    };

    public CommandJobTargetPage Query(CommandJobTargetQuery query)
    {
        var matching = state.Targets
            .Where(t => query.Outcome is null || OutcomeName(t) == query.Outcome)
            .OrderBy(t => t.TwinId, StringComparer.Ordinal)
            .ToList();
        return new CommandJobTargetPage(matching.Count, [.. matching.Skip(query.Offset).Take(query.Limit)]);
    }

    /// <summary>The outcome of a target as the API names it: a command status, <c>refused</c>, or <c>pending</c> before it is sent.</summary>
    public static string OutcomeName(CommandJobTarget target) => target switch
    {
        { Status: { } status } => WireNames.Of(status),
        { Reason: not null } => Refused,
        _ => "pending",
    };

    private Dictionary<string, int> Counts()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var target in state.Targets)
        {
            var name = OutcomeName(target);
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        return counts;
    }

    private void Set(CommandJobTarget target)
    {
        if (_index.TryGetValue(target.TwinId, out var i))
        {
            state.Targets[i] = target;
        }
        else
        {
            _index[target.TwinId] = state.Targets.Count;
            state.Targets.Add(target);
        }
    }

    private static CommandJobTarget Outcome(string twinId, CommandView command) =>
        new(twinId, command.CommandId, command.Status, command.Reason, command.CompletedAt);

    private static Dictionary<string, int> Index(List<CommandJobTarget> targets)
    {
        var index = new Dictionary<string, int>(targets.Count, StringComparer.Ordinal);
        for (var i = 0; i < targets.Count; i++)
        {
            index[targets[i].TwinId] = i;
        }

        return index;
    }
}
