using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using DigitalTwin.Grains.Twins;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Commands;

/// <summary>Commands through the twin grain: queueing for offline devices, publishing, acks, waits, timeouts and jobs.</summary>
[Collection(TwinClusterCollection.Name)]
public sealed class TwinGrainCommandTests(DiscoveringClusterFixture fixture)
{
    private static CommandRequest TurnOn(int brightness = 80, double timeoutSeconds = 10, string? id = null) => new(
        "turn_on",
        new() { ["brightness"] = FieldValue.FromNumber(brightness) },
        TimeSpan.FromSeconds(timeoutSeconds),
        TimeSpan.FromMinutes(10),
        1,
        id);

    private static CommandAck Ack(string deviceId, string commandId, bool succeeded = true) =>
        new(deviceId, commandId, succeeded, """{"on":true}""", succeeded ? null : "relay stuck", DateTimeOffset.UtcNow);

    private async Task<string> OnlineLight()
    {
        var id = DeviceIds.New();
        await fixture.SendAsync(Telemetry(id, DateTimeOffset.UtcNow, "smart_light", Number("brightness", 0)));
        return id;
    }

    private async Task<string> CreatedLight(string location = "hall")
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(new TwinDefinition(
            "smart_light",
            new Dictionary<string, FieldValue> { ["location"] = FieldValue.FromText(location) },
            []));
        return id;
    }

    [Fact]
    public async Task ACommandToAnOnlineDeviceIsPublishedAtOnce()
    {
        var id = await OnlineLight();

        var result = await fixture.Commands(id).SendCommandAsync(TurnOn(60));

        Assert.Equal(CommandResultStatus.Accepted, result.Status);
        Assert.Equal(CommandStatus.Sent, result.Command!.Status);
        var published = Assert.Single(fixture.Channel.CommandsFor(id));
        Assert.Equal(result.Command.CommandId, published.CommandId);
        Assert.Equal("turn_on", published.Action);
        Assert.Equal(FieldValue.FromNumber(60), published.Parameters["brightness"]);
        Assert.Equal(1, published.Qos);
    }

    [Fact]
    public async Task TheAckFinishesTheCommandAndWakesAWaiter()
    {
        var id = await OnlineLight();
        var twin = fixture.Commands(id);
        var commandId = (await twin.SendCommandAsync(TurnOn())).Command!.CommandId;

        var wait = twin.WaitForCommandAsync(commandId, TimeSpan.FromSeconds(20));
        await twin.ReceiveAckAsync(Ack(id, commandId));
        var finished = await wait.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(CommandStatus.Succeeded, finished!.Status);
        Assert.Equal("""{"on":true}""", finished.ResultJson);
        var stored = await twin.GetCommandAsync(commandId);
        Assert.Equal((finished.Status, finished.CompletedAt, finished.ResultJson), (stored!.Status, stored.CompletedAt, stored.ResultJson));
    }

    [Fact]
    public async Task AFailedAckKeepsTheDevicesReason()
    {
        var id = await OnlineLight();
        var twin = fixture.Commands(id);
        var commandId = (await twin.SendCommandAsync(TurnOn())).Command!.CommandId;

        await twin.ReceiveAckAsync(Ack(id, commandId, succeeded: false));

        var command = await twin.GetCommandAsync(commandId);
        Assert.Equal(CommandStatus.Failed, command!.Status);
        Assert.Equal("relay stuck", command.Reason);
    }

    [Fact]
    public async Task UnknownAndRepeatedAcksAreCountedAndChangeNothing()
    {
        var id = await OnlineLight();
        var twin = fixture.Commands(id);
        var commandId = (await twin.SendCommandAsync(TurnOn())).Command!.CommandId;
        await twin.ReceiveAckAsync(Ack(id, commandId));

        await twin.ReceiveAckAsync(Ack(id, commandId, succeeded: false));
        await twin.ReceiveAckAsync(Ack(id, "cmd-nobody-sent"));

        var page = await twin.ListCommandsAsync(new CommandQuery(null, 10, 0));
        Assert.Equal(2, page!.UnmatchedAcks);
        Assert.Equal(CommandStatus.Succeeded, Assert.Single(page.Commands).Status);
    }

    [Fact]
    public async Task AFinishedCommandIsStillThereAfterTheTwinDeactivates()
    {
        var id = await OnlineLight();
        var twin = fixture.Commands(id);
        var commandId = (await twin.SendCommandAsync(TurnOn())).Command!.CommandId;
        await twin.ReceiveAckAsync(Ack(id, commandId));

        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));

        var command = await twin.GetCommandAsync(commandId);
        Assert.Equal(CommandStatus.Succeeded, command!.Status);
        Assert.Equal("""{"on":true}""", command.ResultJson);
    }

    [Fact]
    public async Task CommandsOneAfterTheOtherKeepOneReminderWhichGoesSoonAfterTheLast()
    {
        var id = await OnlineLight();
        var twin = fixture.Commands(id);
        var first = (await twin.SendCommandAsync(TurnOn())).Command!.CommandId;
        await twin.ReceiveAckAsync(Ack(id, first));
        var registered = await CommandReminderAsync(id);
        Assert.NotNull(registered);

        var second = (await twin.SendCommandAsync(TurnOn(20))).Command!.CommandId;
        await twin.ReceiveAckAsync(Ack(id, second));

        // The same row: neither removed after the first ack nor written again for the second command.
        Assert.Equal(registered.ETag, (await CommandReminderAsync(id))?.ETag);
        await Eventually.Until(() => CommandReminderAsync(id), r => r is null, "the reminder to go after the last command");
    }

    private Task<ReminderEntry?> CommandReminderAsync(string id) =>
        fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IReminderTable>().ReadRow(fixture.Twin(id).GetGrainId(), "commands");

    [Fact]
    public async Task ASentCommandWithoutAckTimesOut()
    {
        var id = await OnlineLight();
        var twin = fixture.Commands(id);
        var commandId = (await twin.SendCommandAsync(TurnOn(timeoutSeconds: 0.3))).Command!.CommandId;

        var command = await Eventually.Until(() => twin.GetCommandAsync(commandId), c => c!.IsFinal, "the command to time out");

        Assert.Equal(CommandStatus.TimedOut, command!.Status);
        Assert.Equal("no ack within 0.3 s", command.Reason);
    }

    [Fact]
    public async Task CommandsToAnOfflineDeviceQueueAndGoOutInOrderWhenItComesBack()
    {
        var id = await CreatedLight();
        var twin = fixture.Commands(id);
        var first = (await twin.SendCommandAsync(TurnOn(10))).Command!;
        var second = (await twin.SendCommandAsync(TurnOn(20))).Command!;
        Assert.Equal(CommandStatus.Queued, first.Status);
        Assert.Empty(fixture.Channel.CommandsFor(id));

        await fixture.SendAsync(Status(id, DateTimeOffset.UtcNow, PresenceStatus.Online));

        Assert.Equal([first.CommandId, second.CommandId], fixture.Channel.CommandsFor(id).Select(c => c.CommandId));
        Assert.Equal(CommandStatus.Sent, (await twin.GetCommandAsync(first.CommandId))!.Status);
    }

    [Fact]
    public async Task ACommandTheTypeDoesNotDeclareIsRefusedAndNothingIsQueued()
    {
        var id = await OnlineLight();
        var twin = fixture.Commands(id);

        var unknown = await twin.SendCommandAsync(TurnOn() with { Action = "self_destruct" });
        var invalid = await twin.SendCommandAsync(TurnOn(brightness: 500));

        Assert.Equal(CommandResultStatus.UnknownAction, unknown.Status);
        Assert.Equal(CommandResultStatus.InvalidParameters, invalid.Status);
        Assert.Equal("parameter 'brightness' of action 'turn_on' must be between 0 and 100", invalid.Reason);
        Assert.Equal(0, (await twin.ListCommandsAsync(new CommandQuery(null, 10, 0)))!.Total);
        Assert.Empty(fixture.Channel.CommandsFor(id));
    }

    [Fact]
    public async Task MissingAndSuspendedTwinsTakeNoCommands()
    {
        var missing = await fixture.Commands(DeviceIds.New()).SendCommandAsync(TurnOn());
        var id = await CreatedLight();
        await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Active);
        await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Suspended);

        var suspended = await fixture.Commands(id).SendCommandAsync(TurnOn());

        Assert.Equal(CommandResultStatus.TwinNotFound, missing.Status);
        Assert.Equal(CommandResultStatus.TwinNotActive, suspended.Status);
        Assert.Equal($"Twin with ID {id} is suspended and takes no commands", suspended.Reason);
    }

    [Fact]
    public async Task DecommissioningCancelsPendingCommandsAndDeletingFinishesWaiters()
    {
        var decommissioned = await CreatedLight();
        var queued = (await fixture.Commands(decommissioned).SendCommandAsync(TurnOn())).Command!.CommandId;
        var deleted = await CreatedLight();
        var pending = (await fixture.Commands(deleted).SendCommandAsync(TurnOn())).Command!.CommandId;
        var waiting = fixture.Commands(deleted).WaitForCommandAsync(pending, TimeSpan.FromSeconds(20));

        await fixture.Twin(decommissioned).ChangeLifecycleAsync(TwinLifecycle.Decommissioned);
        await fixture.SendAsync(Status(decommissioned, DateTimeOffset.UtcNow, PresenceStatus.Online));
        await fixture.Twin(deleted).DeleteAsync();

        var command = await fixture.Commands(decommissioned).GetCommandAsync(queued);
        Assert.Equal((CommandStatus.Cancelled, "the twin was decommissioned"), (command!.Status, command.Reason));
        Assert.Empty(fixture.Channel.CommandsFor(decommissioned));
        var finished = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((CommandStatus.Cancelled, "the twin was deleted"), (finished!.Status, finished.Reason));
    }

    [Fact]
    public async Task CancelledCommandsNeverGoOut()
    {
        var id = await CreatedLight();
        var twin = fixture.Commands(id);
        var commandId = (await twin.SendCommandAsync(TurnOn())).Command!.CommandId;

        var cancelled = await twin.CancelCommandAsync(commandId);
        await fixture.SendAsync(Status(id, DateTimeOffset.UtcNow, PresenceStatus.Online));

        Assert.Equal(CommandStatus.Cancelled, cancelled.Command!.Status);
        Assert.Empty(fixture.Channel.CommandsFor(id));
    }

    [Fact]
    public async Task AJobSendsToEveryTwinTheFilterSelectsAndCollectsTheirOutcomes()
    {
        var location = "job-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = await CreatedLight(location);
            await fixture.SendAsync(Status(id, DateTimeOffset.UtcNow, PresenceStatus.Online));
            ids.Add(id);
        }

        var filter = new TwinQuery { Metadata = [new TwinMetadataFilter("location", location)] };
        await Eventually.Until(() => fixture.Directory.QueryAsync(filter, CancellationToken.None), p => p.Total == 5, "the directory to list the twins");
        var job = fixture.Cluster.Client.GetGrain<ICommandJobGrain>("job-" + Guid.NewGuid().ToString("N"));

        await job.StartAsync(new CommandJobRequest { Filter = filter, Command = TurnOn() });
        var running = await Eventually.Until(() => job.GetAsync(), j => j!.Status == CommandJobStatus.Running, "the job to send to every twin");
        Assert.Equal(5, running!.Targets);
        Assert.Equal(5, running.Counts["sent"]);

        var targets = (await job.ListTargetsAsync(new CommandJobTargetQuery(null, 10, 0)))!.Targets;
        for (var i = 0; i < targets.Length; i++)
        {
            await fixture.Commands(targets[i].TwinId).ReceiveAckAsync(Ack(targets[i].TwinId, targets[i].CommandId!, succeeded: i < 3));
        }

        var done = await Eventually.Until(() => job.GetAsync(), j => j!.Status == CommandJobStatus.Completed, "the job to complete");
        Assert.Equal(3, done!.Counts["succeeded"]);
        Assert.Equal(2, done.Counts["failed"]);
        Assert.NotNull(done.CompletedAt);
        var failed = await job.ListTargetsAsync(new CommandJobTargetQuery("failed", 10, 0));
        Assert.Equal(2, failed!.Total);
        Assert.All(failed.Targets, t => Assert.Equal("relay stuck", t.Reason));
    }

    [Fact]
    public async Task AJobStoresThatItFinishedDispatchingEvenWhenNoTwinAnswers()
    {
        var light = await CreatedLight();
        var jobId = "job-" + Guid.NewGuid().ToString("N");
        var job = fixture.Cluster.Client.GetGrain<ICommandJobGrain>(jobId);

        await job.StartAsync(new CommandJobRequest { TwinIds = [light], Command = TurnOn() });
        await Eventually.Until(() => job.GetAsync(), j => j!.Status == CommandJobStatus.Running, "the job to send");

        // The job answers from memory while its write is in flight: wait for the stored state, which the cancelled
        // write of the original bug never reached.
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(TwinStorage.ProviderName);
        var stored = await Eventually.Until(
            async () =>
            {
                var read = new GrainState<CommandJobState>(new CommandJobState());
                await storage.ReadStateAsync(TwinStorage.CommandJobStateName, GrainId.Create("commandjob", jobId), read);
                return read.State!;
            },
            s => s.Status == CommandJobStatus.Running,
            "the stored job to say it finished dispatching");
        Assert.Equal("queued", CommandJob.OutcomeName(Assert.Single(stored.Targets)));
    }

    [Fact]
    public async Task AJobRecordsTwinsThatRefuseTheCommand()
    {
        var light = await CreatedLight();
        var sensor = DeviceIds.New();
        await fixture.Twin(sensor).CreateAsync(new TwinDefinition("temperature_sensor", [], []));
        var job = fixture.Cluster.Client.GetGrain<ICommandJobGrain>("job-" + Guid.NewGuid().ToString("N"));

        await job.StartAsync(new CommandJobRequest { TwinIds = [light, sensor, light], Command = TurnOn() });

        var running = await Eventually.Until(() => job.GetAsync(), j => j!.Status != CommandJobStatus.Dispatching, "the job to send");
        Assert.Equal(2, running!.Targets);
        Assert.Equal(1, running.Counts["queued"]);
        Assert.Equal(1, running.Counts["refused"]);
        var refused = Assert.Single((await job.ListTargetsAsync(new CommandJobTargetQuery("refused", 10, 0)))!.Targets);
        Assert.Equal(sensor, refused.TwinId);
        Assert.StartsWith("device type 'temperature_sensor' has no action 'turn_on'", refused.Reason);
    }
}
