using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Grains.Tests.Infrastructure;
using DigitalTwin.Grains.Twins;
using static DigitalTwin.Grains.Tests.Infrastructure.Messages;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>Desired state through the grain: stored, announced, sent to the device and kept true as the device reports.</summary>
[Collection(TwinClusterCollection.Name)]
public sealed class TwinGrainDesiredTests(DiscoveringClusterFixture fixture)
{
    [Fact]
    public async Task DesiredWriteIsStoredAnnouncedAndSentToTheDevice()
    {
        var id = await CreateAsync();

        var result = await fixture.Desired(id).ReplaceDesiredAsync(new() { ["setpoint"] = FieldValue.FromNumber(21) });

        Assert.Equal(TwinWriteStatus.Applied, result.Status);
        Assert.Equal(2, result.Twin!.Version);
        Assert.Equal(1, result.Twin.DesiredVersion);
        Assert.Equal(FieldValue.FromNumber(21), result.Twin.Delta["setpoint"]);
        Assert.Contains(fixture.Channel.UpdatesFor(id), u => u.Version == 2 && u.Source == "api");
        var sent = Assert.Single(fixture.Channel.DesiredFor(id));
        Assert.Equal(1, sent.Version);
        Assert.False(sent.Cleared);
        Assert.Equal(FieldValue.FromNumber(21), sent.Desired["setpoint"]);
        Assert.Equal(FieldValue.FromNumber(21), sent.Delta["setpoint"]);
    }

    [Fact]
    public async Task DesiredStateSurvivesDeactivation()
    {
        var id = await CreateAsync();
        await fixture.Desired(id).ReplaceDesiredAsync(new() { ["setpoint"] = FieldValue.FromNumber(21), ["mode"] = FieldValue.FromText("eco") });
        var before = (await fixture.Desired(id).PatchDesiredAsync(new DesiredPatch([], ["mode"]))).Twin!;

        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));
        var after = (await fixture.Twin(id).GetAsync())!;

        Assert.Equal(before.Desired, after.Desired);
        Assert.Equal(2, after.DesiredVersion);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(["setpoint"], after.Delta.Keys);
    }

    [Fact]
    public async Task AnActivationPublishesTheDesiredDocumentAgain()
    {
        // The broker's retained copy does not outlive its silo: the next activation puts it back.
        var id = await CreateAsync();
        await fixture.Desired(id).ReplaceDesiredAsync(new() { ["setpoint"] = FieldValue.FromNumber(21) });

        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));
        await fixture.Twin(id).GetAsync();

        var sent = fixture.Channel.DesiredFor(id);
        Assert.Equal(2, sent.Count);
        Assert.Equal(sent[0].Version, sent[1].Version);
        Assert.Equal(sent[0].Desired, sent[1].Desired);
        Assert.Equal(FieldValue.FromNumber(21), sent[1].Delta["setpoint"]);
        Assert.False(sent[1].Cleared);
    }

    [Fact]
    public async Task AnActivationOfATwinWithoutDesiredFieldsPublishesNoDocument()
    {
        var id = await CreateAsync();

        await fixture.Cluster.DeactivateAsync(fixture.Twin(id));
        await fixture.Twin(id).GetAsync();

        Assert.Empty(fixture.Channel.DesiredFor(id));
    }

    [Fact]
    public async Task MatchingDeviceReportClearsTheDeltaAndResendsTheDocument()
    {
        var id = await CreateAsync();
        await fixture.Desired(id).ReplaceDesiredAsync(new() { ["setpoint"] = FieldValue.FromNumber(21), ["mode"] = FieldValue.FromText("eco") });

        await fixture.SendAsync(State(id, DateTimeOffset.UtcNow, Number("setpoint", 21)));

        var sent = fixture.Channel.DesiredFor(id);
        Assert.Equal(2, sent.Count);
        Assert.Equal(1, sent[1].Version);
        Assert.Equal(["mode"], sent[1].Delta.Keys);
        Assert.Equal(2, sent[1].Desired.Count);
        Assert.Equal(["mode"], (await fixture.Twin(id).GetAsync())!.Delta.Keys);
    }

    [Fact]
    public async Task ReportThatLeavesTheDeltaAsItWasSendsNothing()
    {
        var id = await CreateAsync();
        await fixture.Desired(id).ReplaceDesiredAsync(new() { ["setpoint"] = FieldValue.FromNumber(21) });

        await fixture.SendAsync(State(id, DateTimeOffset.UtcNow, Number("setpoint", 19), Number("temperature", 18)));
        await fixture.Twin(id).UpdateReportedStateAsync([Number("humidity", 40)]);

        Assert.Single(fixture.Channel.DesiredFor(id));
    }

    [Fact]
    public async Task ApiReportOfTheDesiredValueResendsTheDocument()
    {
        var id = await CreateAsync();
        await fixture.Desired(id).ReplaceDesiredAsync(new() { ["setpoint"] = FieldValue.FromNumber(21) });

        await fixture.Twin(id).UpdateReportedStateAsync([Number("setpoint", 21)]);

        Assert.Empty(fixture.Channel.DesiredFor(id)[^1].Delta);
    }

    [Fact]
    public async Task RefusedDesiredWritesChangeAndSendNothing()
    {
        var id = await CreateAsync();
        var twin = fixture.Twin(id);
        var desired = fixture.Desired(id);

        var stale = await desired.PatchDesiredAsync(new DesiredPatch([Number("a", 1)], []), precondition: new TwinPrecondition { IfMatch = [99] });
        await twin.ChangeLifecycleAsync(TwinLifecycle.Active);
        await twin.ChangeLifecycleAsync(TwinLifecycle.Decommissioned);
        var decommissioned = await desired.ReplaceDesiredAsync(new() { ["a"] = FieldValue.FromNumber(1) });

        Assert.Equal(TwinWriteStatus.PreconditionFailed, stale.Status);
        Assert.Equal($"Twin with ID {id} is at version 1 (ETag \"1\"), which If-Match does not name; read it again and retry", stale.Reason);
        Assert.Equal(TwinWriteStatus.Decommissioned, decommissioned.Status);
        Assert.Equal(3, decommissioned.Twin!.Version);
        Assert.Empty(decommissioned.Twin.Desired);
        Assert.Empty(fixture.Channel.DesiredFor(id));
    }

    [Fact]
    public async Task TooManyDesiredFieldsIsRefusedWithItsOwnReason()
    {
        var id = await CreateAsync();
        var full = Enumerable.Range(0, TwinRules.MaxDesiredFields).ToDictionary(i => $"f{i}", i => FieldValue.FromNumber(i));
        await fixture.Desired(id).ReplaceDesiredAsync(full);

        var result = await fixture.Desired(id).PatchDesiredAsync(new DesiredPatch([Number("extra", 1)], []));

        Assert.Equal(TwinWriteStatus.TooManyFields, result.Status);
        Assert.Contains("desired fields", result.Reason, StringComparison.Ordinal);
        Assert.Equal(2, result.Twin!.Version);
    }

    [Fact]
    public async Task MissingTwinIsNotFound()
    {
        var result = await fixture.Desired(DeviceIds.New()).PatchDesiredAsync(new DesiredPatch([Number("a", 1)], []));

        Assert.Equal(TwinWriteStatus.NotFound, result.Status);
        Assert.Null(result.Twin);
    }

    [Fact]
    public async Task DeletingATwinClearsTheRetainedDocument()
    {
        var id = await CreateAsync();
        await fixture.Desired(id).ReplaceDesiredAsync(new() { ["setpoint"] = FieldValue.FromNumber(21) });

        await fixture.Twin(id).DeleteAsync();

        var cleared = fixture.Channel.DesiredFor(id)[^1];
        Assert.True(cleared.Cleared);
        await fixture.Twin(id).CreateAsync(new TwinDefinition("thermostat", [], []));
        var again = await fixture.Desired(id).ReplaceDesiredAsync(new() { ["setpoint"] = FieldValue.FromNumber(19) });
        Assert.Equal(2, again.Twin!.DesiredVersion);
    }

    private async Task<string> CreateAsync()
    {
        var id = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(new TwinDefinition("thermostat", [], []));
        return id;
    }
}
