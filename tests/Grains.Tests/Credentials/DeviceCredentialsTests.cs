using System.Text;
using DigitalTwin.Grains.Credentials;
using DigitalTwin.Grains.Interfaces.Credentials;

namespace DigitalTwin.Grains.Tests.Credentials;

/// <summary>At most two active credentials, secrets kept only as hashes, revocation removes the hash.</summary>
public sealed class DeviceCredentialsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnIssuedSecretIsStoredOnlyAsItsHash()
    {
        var state = new DeviceCredentialsState();

        var result = new DeviceCredentials(state).Issue(T0);

        Assert.Equal(CredentialIssueStatus.Issued, result.Status);
        var stored = Assert.Single(state.Active);
        Assert.Equal(result.Credential!.Id, stored.Id);
        Assert.Equal(T0, stored.CreatedAt);
        Assert.DoesNotContain(result.Secret!, stored.Hash, StringComparison.Ordinal);
        Assert.True(SecretHash.Verify(stored.Hash, Encoding.UTF8.GetBytes(result.Secret!)));
    }

    [Fact]
    public void TwoAreActiveDuringARotationAndAThirdIsRefused()
    {
        var credentials = new DeviceCredentials(new DeviceCredentialsState());
        var first = credentials.Issue(T0);
        var second = credentials.Issue(T0.AddMinutes(1));

        var third = credentials.Issue(T0.AddMinutes(2));

        Assert.Equal(CredentialIssueStatus.LimitReached, third.Status);
        Assert.Null(third.Secret);
        Assert.Equal([first.Credential!.Id, second.Credential!.Id], credentials.Hashes().Select(h => h.Id));
        Assert.NotEqual(first.Secret, second.Secret);
    }

    [Fact]
    public void RevokingOneLeavesTheOtherAndMakesRoom()
    {
        var credentials = new DeviceCredentials(new DeviceCredentialsState());
        var first = credentials.Issue(T0);
        var second = credentials.Issue(T0);

        Assert.True(credentials.Revoke(first.Credential!.Id));
        Assert.False(credentials.Revoke(first.Credential.Id));

        Assert.Equal([second.Credential!.Id], credentials.List().Select(c => c.Id));
        Assert.Equal(CredentialIssueStatus.Issued, credentials.Issue(T0).Status);
    }

    [Fact]
    public void RevokingAllRemovesEveryHash()
    {
        var state = new DeviceCredentialsState();
        var credentials = new DeviceCredentials(state);
        credentials.Issue(T0);
        credentials.Issue(T0);

        Assert.Equal(2, credentials.RevokeAll());

        Assert.Empty(state.Active);
        Assert.Empty(credentials.Hashes());
        Assert.Equal(0, credentials.RevokeAll());
    }

    [Fact]
    public void LastUseIsKeptToTheMinute()
    {
        var credentials = new DeviceCredentials(new DeviceCredentialsState());
        var id = credentials.Issue(T0).Credential!.Id;

        Assert.True(credentials.RecordUse(id, T0.AddSeconds(5)));
        Assert.False(credentials.RecordUse(id, T0.AddSeconds(50)));
        Assert.True(credentials.RecordUse(id, T0.AddSeconds(65)));
        Assert.False(credentials.RecordUse("cred-unknown", T0.AddHours(1)));

        Assert.Equal(T0.AddSeconds(65), Assert.Single(credentials.List()).LastUsedAt);
    }
}
