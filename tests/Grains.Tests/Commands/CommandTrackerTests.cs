using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Values;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Tests.Commands;

/// <summary>The plain rules of a twin's commands: queue, dispatch in order, ack matching, deadlines, cancel, history.</summary>
public sealed class CommandTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private readonly List<TrackedCommand> _commands = [];

    private CommandTracker Tracker(int maxPending = 100, int history = 100)
    {
        var options = new CommandOptions { MaxPendingPerTwin = maxPending, HistoryPerTwin = history };
        new BuiltInDeviceTypes().PostConfigure(null, options);
        return new CommandTracker("light-1", _commands, new CommandCatalog(Options.Create(options)), options);
    }

    private static CommandRequest Brightness(int value, string? id = null) => new(
        "set_brightness",
        new() { ["brightness"] = FieldValue.FromNumber(value) },
        TimeSpan.FromSeconds(10),
        TimeSpan.FromMinutes(5),
        1,
        id);

    private static CommandAck Ack(string commandId, bool succeeded, DateTimeOffset at, string? result = null, string? message = null) =>
        new("light-1", commandId, succeeded, result, message, at);

    [Fact]
    public void ASubmittedCommandIsQueuedWithItsDeadlines()
    {
        var result = Tracker().Submit(Brightness(50), "smart_light", T0);

        Assert.Equal(CommandResultStatus.Accepted, result.Status);
        var command = result.Command!;
        Assert.StartsWith("cmd-", command.CommandId);
        Assert.Equal(CommandStatus.Queued, command.Status);
        Assert.Equal(T0 + TimeSpan.FromMinutes(5), command.ExpiresAt);
        Assert.Null(command.SentAt);
    }

    [Fact]
    public void QueuedCommandsGoOutOldestFirst()
    {
        var tracker = Tracker();
        var first = tracker.Submit(Brightness(10), "smart_light", T0).Command!.CommandId;
        var second = tracker.Submit(Brightness(20), "smart_light", T0.AddSeconds(1)).Command!.CommandId;

        var sent = tracker.DispatchQueued(T0.AddSeconds(2));

        Assert.Equal([first, second], sent.Select(c => c.Id));
        Assert.All(sent, c => Assert.Equal(CommandStatus.Sent, c.Status));
        Assert.Empty(tracker.DispatchQueued(T0.AddSeconds(3)));
    }

    [Fact]
    public void AnAckFinishesItsCommandWithTheDevicesResult()
    {
        var tracker = Tracker();
        var id = tracker.Submit(Brightness(75), "smart_light", T0).Command!.CommandId;
        tracker.DispatchQueued(T0);

        var done = tracker.Acknowledge(Ack(id, true, T0.AddSeconds(1), """{"brightness":75}"""));

        Assert.NotNull(done);
        Assert.Equal(CommandStatus.Succeeded, done.Status);
        Assert.Equal("""{"brightness":75}""", done.ResultJson);
        Assert.Equal(T0.AddSeconds(1), done.CompletedAt);
        Assert.Null(tracker.NextDeadline);
    }

    [Fact]
    public void AFailedAckKeepsTheDevicesReason()
    {
        var tracker = Tracker();
        var id = tracker.Submit(Brightness(75), "smart_light", T0).Command!.CommandId;
        tracker.DispatchQueued(T0);

        var done = tracker.Acknowledge(Ack(id, false, T0.AddSeconds(1), message: "bulb burnt out"));

        Assert.Equal(CommandStatus.Failed, done!.Status);
        Assert.Equal("bulb burnt out", done.Reason);
    }

    [Fact]
    public void UnknownAndRepeatedAcksChangeNothing()
    {
        var tracker = Tracker();
        var id = tracker.Submit(Brightness(75), "smart_light", T0).Command!.CommandId;
        tracker.DispatchQueued(T0);
        tracker.Acknowledge(Ack(id, true, T0.AddSeconds(1)));

        Assert.Null(tracker.Acknowledge(Ack("cmd-unknown", true, T0.AddSeconds(2))));
        Assert.Null(tracker.Acknowledge(Ack(id, false, T0.AddSeconds(3), message: "late")));
        var command = tracker.Find(id)!;
        Assert.Equal(CommandStatus.Succeeded, command.Status);
        Assert.Equal(T0.AddSeconds(1), command.CompletedAt);
    }

    [Fact]
    public void ASentCommandWithoutAckTimesOutAtItsTimeout()
    {
        var tracker = Tracker();
        var id = tracker.Submit(Brightness(75), "smart_light", T0).Command!.CommandId;
        tracker.DispatchQueued(T0);
        Assert.Equal(T0.AddSeconds(10), tracker.NextDeadline);

        Assert.Empty(tracker.Expire(T0.AddSeconds(9)));
        var timedOut = Assert.Single(tracker.Expire(T0.AddSeconds(10)));

        Assert.Equal(id, timedOut.Id);
        Assert.Equal(CommandStatus.TimedOut, timedOut.Status);
        Assert.Null(tracker.Acknowledge(Ack(id, true, T0.AddSeconds(11))));
    }

    [Fact]
    public void AQueuedCommandExpiresUnsentAfterItsTimeToLive()
    {
        var tracker = Tracker();
        tracker.Submit(Brightness(75), "smart_light", T0);

        var expired = Assert.Single(tracker.Expire(T0.AddMinutes(5)));

        Assert.Equal(CommandStatus.Expired, expired.Status);
        Assert.Null(expired.SentAt);
        Assert.Empty(tracker.DispatchQueued(T0.AddMinutes(6)));
    }

    [Fact]
    public void TheSameCallerIdGivesTheSameCommandOnceAndRefusesADifferentOne()
    {
        var tracker = Tracker();
        var first = tracker.Submit(Brightness(10, "req-1"), "smart_light", T0);

        var again = tracker.Submit(Brightness(10, "req-1"), "smart_light", T0.AddSeconds(1));
        var different = tracker.Submit(Brightness(90, "req-1"), "smart_light", T0.AddSeconds(2));

        Assert.Equal("req-1", first.Command!.CommandId);
        Assert.Equal(CommandResultStatus.Existing, again.Status);
        Assert.Equal(first.Command.CreatedAt, again.Command!.CreatedAt);
        Assert.Equal(CommandResultStatus.CommandIdConflict, different.Status);
        Assert.Single(tracker.Commands);
    }

    [Fact]
    public void TheQueueIsBounded()
    {
        var tracker = Tracker(maxPending: 2);
        tracker.Submit(Brightness(1), "smart_light", T0);
        tracker.Submit(Brightness(2), "smart_light", T0);

        var third = tracker.Submit(Brightness(3), "smart_light", T0);

        Assert.Equal(CommandResultStatus.QueueFull, third.Status);
        Assert.Contains("MaxPendingPerTwin", third.Reason);
        Assert.Equal(2, tracker.Commands.Count);
    }

    [Fact]
    public void OnlyTheNewestFinishedCommandsAreKept()
    {
        var tracker = Tracker(history: 2);
        var ids = Enumerable.Range(0, 4).Select(i => tracker.Submit(Brightness(i), "smart_light", T0.AddSeconds(i)).Command!.CommandId).ToList();
        var pending = tracker.Submit(Brightness(9), "smart_light", T0.AddSeconds(5)).Command!.CommandId;
        tracker.DispatchQueued(T0.AddSeconds(6));

        foreach (var id in ids)
        {
            tracker.Acknowledge(Ack(id, true, T0.AddSeconds(7)));
        }

        Assert.Equal([ids[2], ids[3], pending], tracker.Commands.Select(c => c.Id));
    }

    [Fact]
    public void CancelFinishesAnUnfinishedCommandOnly()
    {
        var tracker = Tracker();
        var id = tracker.Submit(Brightness(75), "smart_light", T0).Command!.CommandId;

        var cancelled = tracker.Cancel(id, T0.AddSeconds(1));
        var again = tracker.Cancel(id, T0.AddSeconds(2));
        var unknown = tracker.Cancel("cmd-none", T0);

        Assert.Equal(CommandStatus.Cancelled, cancelled.Command!.Status);
        Assert.Equal("cancelled before it was sent", cancelled.Command.Reason);
        Assert.Equal(CommandResultStatus.AlreadyFinished, again.Status);
        Assert.Equal(CommandResultStatus.CommandNotFound, unknown.Status);
        Assert.Empty(tracker.DispatchQueued(T0.AddSeconds(3)));
    }

    [Fact]
    public void HasQueuedFollowsEveryWayOutOfTheQueue()
    {
        var tracker = Tracker();
        var cancelled = tracker.Submit(Brightness(2), "smart_light", T0).Command!.CommandId;
        tracker.Submit(Brightness(3), "smart_light", T0);
        Assert.True(tracker.HasQueued);

        tracker.Cancel(cancelled, T0.AddSeconds(1));
        Assert.True(tracker.HasQueued);
        tracker.Expire(T0.AddMinutes(5));
        Assert.False(tracker.HasQueued);

        tracker.Submit(Brightness(4), "smart_light", T0.AddMinutes(6));
        Assert.True(new CommandTracker("light-1", _commands, new CommandCatalog(Options.Create(new CommandOptions())), new CommandOptions()).HasQueued);
        tracker.DispatchQueued(T0.AddMinutes(6));
        Assert.False(tracker.HasQueued);
    }

    [Fact]
    public void AnAckForACommandNeverSentChangesNothing()
    {
        var tracker = Tracker();
        var queued = tracker.Submit(Brightness(2), "smart_light", T0).Command!.CommandId;

        Assert.Null(tracker.Acknowledge(Ack(queued, true, T0.AddSeconds(1))));
        Assert.Equal(CommandStatus.Queued, tracker.Find(queued)!.Status);
        Assert.True(tracker.HasQueued);
    }

    [Fact]
    public void ACommandThatJustFinishedIsKeptWhenTheHistoryIsFull()
    {
        var tracker = Tracker(history: 2);
        var old = tracker.Submit(Brightness(1), "smart_light", T0).Command!.CommandId;
        var later = Enumerable.Range(0, 3).Select(i => tracker.Submit(Brightness(i), "smart_light", T0.AddSeconds(1 + i)).Command!.CommandId).ToList();
        tracker.DispatchQueued(T0.AddSeconds(5));
        foreach (var id in later)
        {
            tracker.Acknowledge(Ack(id, true, T0.AddSeconds(6)));
        }

        var cancelled = tracker.Cancel(old, T0.AddSeconds(7));

        Assert.Equal(CommandStatus.Cancelled, cancelled.Command!.Status);
        Assert.Equal(CommandStatus.Cancelled, tracker.Find(old)!.Status);
        Assert.Equal(2, tracker.Commands.Count);
    }

    [Fact]
    public void CancelPendingEndsEveryUnfinishedCommand()
    {
        var tracker = Tracker();
        var sent = tracker.Submit(Brightness(1), "smart_light", T0).Command!.CommandId;
        tracker.DispatchQueued(T0);
        var queued = tracker.Submit(Brightness(2), "smart_light", T0).Command!.CommandId;
        var done = tracker.Submit(Brightness(3), "smart_light", T0).Command!.CommandId;
        tracker.Cancel(done, T0);

        var cancelled = tracker.CancelPending("the twin was deleted", T0.AddSeconds(1));

        Assert.Equal([sent, queued], cancelled.Select(c => c.Id));
        Assert.All(cancelled, c => Assert.Equal(("the twin was deleted", CommandStatus.Cancelled), (c.Reason!, c.Status)));
        Assert.False(tracker.HasPending);
        Assert.False(tracker.HasQueued);
    }

    [Fact]
    public void QueryPagesNewestFirstAndFiltersByStatus()
    {
        var tracker = Tracker();
        var ids = Enumerable.Range(0, 5).Select(i => tracker.Submit(Brightness(i), "smart_light", T0.AddSeconds(i)).Command!.CommandId).ToList();
        tracker.DispatchQueued(T0.AddSeconds(6));
        tracker.Acknowledge(Ack(ids[1], true, T0.AddSeconds(7)));
        tracker.Acknowledge(Ack(ids[3], true, T0.AddSeconds(7)));

        var page = tracker.Query(new CommandQuery(null, 2, 1), 4);
        var succeeded = tracker.Query(new CommandQuery(CommandStatus.Succeeded, 10, 0), 4);

        Assert.Equal(5, page.Total);
        Assert.Equal([ids[3], ids[2]], page.Commands.Select(c => c.CommandId));
        Assert.Equal(4, page.UnmatchedAcks);
        Assert.Equal([ids[3], ids[1]], succeeded.Commands.Select(c => c.CommandId));
    }
}
