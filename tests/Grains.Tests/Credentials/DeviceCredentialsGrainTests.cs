using System.Text;
using DigitalTwin.Grains.Credentials;
using DigitalTwin.Grains.Interfaces.Credentials;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Tests.Infrastructure;

namespace DigitalTwin.Grains.Tests.Credentials;

/// <summary>
/// The credentials grain issues, lists and revokes, and survives its own deactivation (the state is written before it
/// answers); deleting or decommissioning a twin revokes its device's credentials, a refused delete or decommission and
/// a suspension none.
/// </summary>
[Collection(TwinClusterCollection.Name)]
public sealed class DeviceCredentialsGrainTests(DiscoveringClusterFixture fixture)
{
    [Fact]
    public async Task AnIssuedCredentialIsListedWithoutItsSecretAndVerifiesAfterReactivation()
    {
        var id = DeviceIds.New();
        var grain = fixture.Client.GetGrain<IDeviceCredentialsGrain>(id);

        var issued = await grain.IssueAsync();
        await fixture.Cluster.DeactivateAsync(grain);

        var hashes = await grain.GetHashesAsync();
        var hash = Assert.Single(hashes);
        Assert.Equal(issued.Credential!.Id, hash.Id);
        Assert.True(SecretHash.Verify(hash.Hash, Encoding.UTF8.GetBytes(issued.Secret!)));
        var listed = Assert.Single(await grain.ListAsync());
        Assert.Equal(issued.Credential, listed);
    }

    [Fact]
    public async Task ARevokedCredentialIsGoneForTheBroker()
    {
        var grain = fixture.Client.GetGrain<IDeviceCredentialsGrain>(DeviceIds.New());
        var old = await grain.IssueAsync();
        var rotated = await grain.IssueAsync();

        Assert.True(await grain.RevokeAsync(old.Credential!.Id));

        Assert.Equal([rotated.Credential!.Id], (await grain.GetHashesAsync()).Select(h => h.Id));
        Assert.False(await grain.RevokeAsync(old.Credential.Id));
        Assert.Equal(1, await grain.RevokeAllAsync());
        Assert.Empty(await grain.GetHashesAsync());
    }

    [Fact]
    public async Task DeletingATwinRevokesEveryCredentialOfItsDevice()
    {
        var id = DeviceIds.New();
        var credentials = fixture.Client.GetGrain<IDeviceCredentialsGrain>(id);
        await fixture.Twin(id).CreateAsync(new TwinDefinition("thermostat", [], []));
        await credentials.IssueAsync();
        await credentials.IssueAsync();

        var deleted = await fixture.Twin(id).DeleteAsync();

        Assert.Equal(TwinWriteStatus.Applied, deleted.Status);
        Assert.Empty(await credentials.GetHashesAsync());
    }

    [Fact]
    public async Task ADeleteRefusedByItsPreconditionRevokesNothing()
    {
        var id = DeviceIds.New();
        var credentials = fixture.Client.GetGrain<IDeviceCredentialsGrain>(id);
        var created = await fixture.Twin(id).CreateAsync(new TwinDefinition("thermostat", [], []));
        var issued = await credentials.IssueAsync();

        var refused = await fixture.Twin(id).DeleteAsync(new TwinPrecondition { IfMatch = [created.Twin!.Version + 1] });

        Assert.Equal(TwinWriteStatus.PreconditionFailed, refused.Status);
        Assert.Equal([issued.Credential!.Id], (await credentials.GetHashesAsync()).Select(h => h.Id));
    }

    [Fact]
    public async Task DecommissioningATwinRevokesEveryCredentialOfItsDeviceAndARepeatRevokesOnesIssuedSince()
    {
        var id = DeviceIds.New();
        var credentials = fixture.Client.GetGrain<IDeviceCredentialsGrain>(id);
        await fixture.Twin(id).CreateAsync(new TwinDefinition("thermostat", [], []));
        await credentials.IssueAsync();
        await credentials.IssueAsync();

        var decommissioned = await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Decommissioned);
        Assert.Equal(TwinWriteStatus.Applied, decommissioned.Status);
        Assert.Empty(await credentials.GetHashesAsync());

        await credentials.IssueAsync();
        var repeated = await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Decommissioned);
        Assert.Equal(TwinWriteStatus.Applied, repeated.Status);
        Assert.Empty(await credentials.GetHashesAsync());
    }

    [Fact]
    public async Task ADecommissionRefusedByItsPreconditionOrOfAnUnknownTwinAndASuspensionRevokeNothing()
    {
        var id = DeviceIds.New();
        var unknown = DeviceIds.New();
        var credentials = fixture.Client.GetGrain<IDeviceCredentialsGrain>(id);
        var created = await fixture.Twin(id).CreateAsync(new TwinDefinition("thermostat", [], []));
        var issued = await credentials.IssueAsync();
        var issuedToUnknown = await fixture.Client.GetGrain<IDeviceCredentialsGrain>(unknown).IssueAsync();

        var refused = await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Decommissioned, new TwinPrecondition { IfMatch = [created.Twin!.Version + 1] });
        var missing = await fixture.Twin(unknown).ChangeLifecycleAsync(TwinLifecycle.Decommissioned);
        Assert.Equal(TwinWriteStatus.Applied, (await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Active)).Status);
        var suspended = await fixture.Twin(id).ChangeLifecycleAsync(TwinLifecycle.Suspended);

        Assert.Equal(TwinWriteStatus.PreconditionFailed, refused.Status);
        Assert.Equal(TwinWriteStatus.NotFound, missing.Status);
        Assert.Equal(TwinWriteStatus.Applied, suspended.Status);
        Assert.Equal([issued.Credential!.Id], (await credentials.GetHashesAsync()).Select(h => h.Id));
        Assert.Equal([issuedToUnknown.Credential!.Id], (await fixture.Client.GetGrain<IDeviceCredentialsGrain>(unknown).GetHashesAsync()).Select(h => h.Id));
    }
}
