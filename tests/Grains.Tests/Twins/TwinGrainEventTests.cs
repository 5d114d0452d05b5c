using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Events;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Tests.Infrastructure;
using DigitalTwin.Wire.Outbound;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>Twins raise live-feed events: updates as MQTT sees them, presence changes and device alerts.</summary>
[Collection(TwinClusterCollection.Name)]
public sealed class TwinGrainEventTests(DiscoveringClusterFixture fixture)
{
    [Fact]
    public async Task AnUpdateEventCarriesTheSameJsonAsTheMqttUpdate()
    {
        var id = DeviceIds.New();
        var consumer = TwinFeed.Subscribe(fixture, id);

        await fixture.SendAsync(Telemetry(id, DateTimeOffset.UtcNow, "thermostat", Number("temperature", 21.5)));

        var update = Assert.Single(fixture.Channel.UpdatesFor(id));
        var twinEvent = Assert.Single(TwinFeed.Drain(consumer), e => e.Type == TwinEventTypes.TwinUpdate);
        Assert.Equal(PlatformMessageJson.Write(update), twinEvent.Json);
        Assert.Equal("thermostat", twinEvent.TwinType);
    }

    [Fact]
    public async Task APresenceEventIsRaisedOnlyWhenTheAnnouncedPresenceChanges()
    {
        var id = DeviceIds.New();
        var consumer = TwinFeed.Subscribe(fixture, id);
        var at = DateTimeOffset.UtcNow;

        await fixture.SendAsync(Telemetry(id, at, Number("a", 1)));
        await fixture.SendAsync(Telemetry(id, at.AddSeconds(1), Number("a", 2)));
        await fixture.SendAsync(Status(id, at.AddSeconds(2), PresenceStatus.Offline));
        await fixture.SendAsync(Status(id, at.AddSeconds(3), PresenceStatus.Offline));

        var presence = TwinFeed.Drain(consumer).Where(e => e.Type == TwinEventTypes.Presence).Select(e => JsonDocument.Parse(e.Json).RootElement.GetProperty("status").GetString()).ToList();
        Assert.Equal(["online", "offline"], presence);
    }

    [Fact]
    public async Task ADeviceAlertIsCountedAndPublishedAndNeedsAnExistingTwin()
    {
        var id = DeviceIds.New();
        var consumer = TwinFeed.Subscribe(fixture, id);
        var alert = new DeviceAlert(id, DateTimeOffset.UtcNow, "SENSOR_FAILURE", "not responding", "critical", """{"sensor":"t1"}""");

        await fixture.Twin(id).RaiseDeviceAlertAsync(alert);
        Assert.Empty(TwinFeed.Drain(consumer));
        Assert.Null(await fixture.Twin(id).GetAsync());

        await fixture.SendAsync(Telemetry(id, DateTimeOffset.UtcNow, Number("a", 1)));
        await fixture.Twin(id).RaiseDeviceAlertAsync(alert);

        var raised = Assert.Single(TwinFeed.Drain(consumer), e => e.Type == TwinEventTypes.Alert);
        var json = JsonDocument.Parse(raised.Json).RootElement;
        Assert.Equal("critical", json.GetProperty("severity").GetString());
        Assert.Equal("SENSOR_FAILURE", json.GetProperty("error_code").GetString());
        Assert.Equal("t1", json.GetProperty("details").GetProperty("sensor").GetString());
    }

    [Fact]
    public async Task CommandStatusEventsFollowACommandFromQueueToAck()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(new TwinDefinition("smart_light", [], []));
        var consumer = TwinFeed.Subscribe(fixture, id);
        var request = new Interfaces.Commands.CommandRequest("turn_off", [], TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), 1);

        var commandId = (await fixture.Commands(id).SendCommandAsync(request)).Command!.CommandId;
        await fixture.SendAsync(Status(id, DateTimeOffset.UtcNow, PresenceStatus.Online));
        await fixture.Commands(id).ReceiveAckAsync(new Interfaces.Commands.CommandAck(id, commandId, false, null, "stuck", DateTimeOffset.UtcNow));

        var statuses = TwinFeed.Drain(consumer).Where(e => e.Type == TwinEventTypes.CommandStatus).Select(e => JsonDocument.Parse(e.Json).RootElement).ToList();
        Assert.Equal(["queued", "sent", "failed"], statuses.Select(e => e.GetProperty("status").GetString()));
        Assert.Equal([null, "queued", "sent"], statuses.Select(e => e.TryGetProperty("previous", out var p) ? p.GetString() : null));
        Assert.All(statuses, e => Assert.Equal(commandId, e.GetProperty("command_id").GetString()));
        Assert.Equal("stuck", statuses[2].GetProperty("reason").GetString());
    }
}
