using System.Net;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>
/// The twin's record of its device's session (<see cref="ITwinSessionGrain"/>): messages for the device go through the
/// silo holding it, a device that moves keeps one session and gets again what it had not acknowledged, and a device
/// whose silo died goes offline. The silos here are addresses only: the twin routes, the bridge delivers.
/// </summary>
[Collection(TwinClusterCollection.Name)]
public sealed class TwinGrainSessionTests(DiscoveringClusterFixture fixture)
{
    private static readonly SiloAddress SiloA = SiloAddress.New(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 11111), 1);
    private static readonly SiloAddress SiloB = SiloAddress.New(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 11111), 1);

    private static CommandRequest TurnOn() => new(
        "turn_on", new() { ["brightness"] = FieldValue.FromNumber(80) }, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), 1, null);

    private ITwinSessionGrain Session(string id) => fixture.Client.GetGrain<ITwinSessionGrain>(id);

    private async Task<string> OnlineLight()
    {
        var id = DeviceIds.New();
        await fixture.SendAsync(Telemetry(id, DateTimeOffset.UtcNow, "smart_light", Number("brightness", 0)));
        return id;
    }

    [Fact]
    public async Task ACommandGoesThroughTheSiloHoldingTheDevicesSessionAndEverySiloWhenNoneIsKnown()
    {
        var id = await OnlineLight();
        await fixture.Commands(id).SendCommandAsync(TurnOn());
        await Session(id).SessionOpenedAsync(SiloA, Guid.NewGuid());
        await fixture.Commands(id).SendCommandAsync(TurnOn());

        Assert.Equal([null, SiloA], fixture.Channel.CommandSessionsFor(id));
        Assert.Equal(SiloA, await Session(id).GetSessionSiloAsync());
    }

    [Fact]
    public async Task ADeviceThatMovesHasItsOldSessionEndedAndGetsItsUnacknowledgedCommandsAgainOnceItSubscribesOnTheNewSilo()
    {
        var id = await OnlineLight();
        var active = fixture.Cluster.Silos[0].SiloAddress;
        await Session(id).SessionOpenedAsync(active, Guid.NewGuid());
        var first = (await fixture.Commands(id).SendCommandAsync(TurnOn())).Command!.CommandId;
        var second = (await fixture.Commands(id).SendCommandAsync(TurnOn())).Command!.CommandId;
        await fixture.Commands(id).ReceiveAckAsync(new CommandAck(id, first, true, null, null, DateTimeOffset.UtcNow));

        var connection = Guid.NewGuid();
        await Session(id).SessionOpenedAsync(SiloB, connection);
        Assert.Equal([active], fixture.Channel.EndedSessionsOf(id));
        Assert.Equal(2, fixture.Channel.CommandsFor(id).Count);

        // Sent again once the device can receive it there, and once only.
        await Session(id).SubscribedToCommandsAsync(SiloB, Guid.NewGuid());
        Assert.Equal(2, fixture.Channel.CommandsFor(id).Count);
        await Session(id).SubscribedToCommandsAsync(SiloB, connection);
        await Session(id).SubscribedToCommandsAsync(SiloB, connection);

        Assert.Equal([first, second, second], fixture.Channel.CommandsFor(id).Select(c => c.CommandId));
        Assert.Equal([active, active, SiloB], fixture.Channel.CommandSessionsFor(id));
    }

    [Fact]
    public async Task ADeviceThatDisconnectedAndComesBackThroughAnotherSiloHasItsOldSessionEnded()
    {
        // The broker keeps a persistent session after its connection closed: it would queue for the device there.
        var id = await OnlineLight();
        var active = fixture.Cluster.Silos[0].SiloAddress;
        var connection = Guid.NewGuid();
        await Session(id).SessionOpenedAsync(active, connection);
        await Session(id).SessionClosedAsync(active, connection);

        await Session(id).SessionOpenedAsync(SiloB, Guid.NewGuid());

        Assert.Equal([active], fixture.Channel.EndedSessionsOf(id));
    }

    [Fact]
    public async Task ASessionOnASiloThatIsGoneIsNotEndedThere()
    {
        var id = await OnlineLight();
        await Session(id).SessionOpenedAsync(SiloA, Guid.NewGuid());

        await Session(id).SessionOpenedAsync(SiloB, Guid.NewGuid());

        Assert.Empty(fixture.Channel.EndedSessionsOf(id));
    }

    [Fact]
    public async Task AConnectionOnTheSameSiloAgainEndsNoSessionAndSendsNothingAgain()
    {
        var id = await OnlineLight();
        await Session(id).SessionOpenedAsync(SiloA, Guid.NewGuid());
        await fixture.Commands(id).SendCommandAsync(TurnOn());

        await Session(id).SessionOpenedAsync(SiloA, Guid.NewGuid());

        Assert.Empty(fixture.Channel.EndedSessionsOf(id));
        Assert.Single(fixture.Channel.CommandsFor(id));
    }

    [Fact]
    public async Task OnlyTheCurrentConnectionClosingForgetsTheSession()
    {
        var id = await OnlineLight();
        var old = Guid.NewGuid();
        var current = Guid.NewGuid();
        await Session(id).SessionOpenedAsync(SiloA, old);
        await Session(id).SessionOpenedAsync(SiloA, current);

        await Session(id).SessionClosedAsync(SiloA, old);
        Assert.Equal(SiloA, await Session(id).GetSessionSiloAsync());
        await Session(id).SessionClosedAsync(SiloB, current);
        Assert.Equal(SiloA, await Session(id).GetSessionSiloAsync());
        await Session(id).SessionClosedAsync(SiloA, current);
        Assert.Null(await Session(id).GetSessionSiloAsync());
    }

    [Fact]
    public async Task ADeviceWhoseSessionSiloDiedGoesOfflineAndOneElsewhereStaysOnline()
    {
        var gone = await OnlineLight();
        var elsewhere = await OnlineLight();
        await Session(gone).SessionOpenedAsync(SiloA, Guid.NewGuid());
        await Session(elsewhere).SessionOpenedAsync(SiloB, Guid.NewGuid());

        await Session(gone).SessionSiloDiedAsync(SiloA);
        await Session(elsewhere).SessionSiloDiedAsync(SiloA);

        Assert.Equal(PresenceStatus.Offline, (await fixture.Twin(gone).GetAsync())!.Presence);
        Assert.Null(await Session(gone).GetSessionSiloAsync());
        Assert.Equal(PresenceStatus.Online, (await fixture.Twin(elsewhere).GetAsync())!.Presence);
        Assert.Equal(SiloB, await Session(elsewhere).GetSessionSiloAsync());
    }

    [Fact]
    public async Task ATwinActivatedAfterItsDevicesSessionSiloLeftTheClusterTakesTheDeviceOffline()
    {
        var id = await OnlineLight();
        await Session(id).SessionOpenedAsync(SiloA, Guid.NewGuid());

        // SiloA never was in this cluster: to its membership it is as gone as a silo that died.
        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));

        Assert.Equal(PresenceStatus.Offline, (await fixture.Twin(id).GetAsync())!.Presence);
        Assert.Null(await Session(id).GetSessionSiloAsync());
    }

    [Fact]
    public async Task ASessionOpenedBeforeTheTwinWasDiscoveredIsStoredWithIt()
    {
        // Devices connect, then speak: the twin discovered from the first message keeps the session it heard of before.
        var id = DeviceIds.New();
        await Session(id).SessionOpenedAsync(SiloA, Guid.NewGuid());
        await fixture.SendAsync(Telemetry(id, DateTimeOffset.UtcNow, "smart_light", Number("brightness", 0)));

        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));

        Assert.Equal(PresenceStatus.Offline, (await fixture.Twin(id).GetAsync())!.Presence);
    }

    [Fact]
    public async Task ATwinActivatedWhileItsDevicesSessionSiloIsActiveKeepsTheSession()
    {
        var id = await OnlineLight();
        var silo = fixture.Cluster.Silos[0].SiloAddress;
        await Session(id).SessionOpenedAsync(silo, Guid.NewGuid());

        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));

        Assert.Equal(PresenceStatus.Online, (await fixture.Twin(id).GetAsync())!.Presence);
        Assert.Equal(silo, await Session(id).GetSessionSiloAsync());
    }
}
