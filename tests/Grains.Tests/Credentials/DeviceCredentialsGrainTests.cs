using System.Text;
using DigitalTwin.Grains.Credentials;
using DigitalTwin.Grains.Interfaces.Credentials;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Tests.Infrastructure;

namespace DigitalTwin.Grains.Tests.Credentials;

/// <summary>
/// The credentials grain issues, lists and revokes, and survives its own deactivation (the state is written before it
/// answers); deleting a twin revokes its device's credentials, a refused delete none.
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
}
