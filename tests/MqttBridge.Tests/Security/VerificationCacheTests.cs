using System.Text;
using DigitalTwin.Grains.Interfaces.Credentials;
using DigitalTwin.MqttBridge.Security;

namespace DigitalTwin.MqttBridge.Tests.Security;

/// <summary>A remembered verification counts only for the same secret and while its credential is still active with the same hash.</summary>
public sealed class VerificationCacheTests
{
    private static readonly CredentialHash Credential = new("cred-1", "pbkdf2-sha256$100000$salt$hash");

    private readonly VerificationCache _cache = new(capacity: 3);

    [Fact]
    public void TheSameSecretMatchesTheRememberedCredential()
    {
        _cache.Remember("dev-1", Credential, _cache.Digest("secret"u8));

        Assert.Equal("cred-1", _cache.Match("dev-1", [Credential], _cache.Digest("secret"u8)));
    }

    [Fact]
    public void AnotherSecretOrAnotherDeviceDoesNot()
    {
        _cache.Remember("dev-1", Credential, _cache.Digest("secret"u8));

        Assert.Null(_cache.Match("dev-1", [Credential], _cache.Digest("secret2"u8)));
        Assert.Null(_cache.Match("dev-2", [Credential], _cache.Digest("secret"u8)));
    }

    [Fact]
    public void ARevokedOrReissuedCredentialIsNeverMatched()
    {
        _cache.Remember("dev-1", Credential, _cache.Digest("secret"u8));

        Assert.Null(_cache.Match("dev-1", [], _cache.Digest("secret"u8)));
        Assert.Null(_cache.Match("dev-1", [new CredentialHash("cred-2", "other")], _cache.Digest("secret"u8)));
        Assert.Null(_cache.Match("dev-1", [Credential with { Hash = "pbkdf2-sha256$100000$salt$other" }], _cache.Digest("secret"u8)));
    }

    [Fact]
    public void TheDigestIsKeyedAndNotTheSecret()
    {
        var other = new VerificationCache(capacity: 3);

        Assert.NotEqual(_cache.Digest("secret"u8), other.Digest("secret"u8));
        Assert.NotEqual(Encoding.UTF8.GetBytes("secret"), _cache.Digest("secret"u8));
    }

    [Fact]
    public void TheCacheNeverHoldsMoreThanItsCapacity()
    {
        for (var i = 0; i < 10; i++)
        {
            _cache.Remember($"dev-{i}", Credential, _cache.Digest("secret"u8));
            Assert.True(_cache.Count <= 3, $"{_cache.Count} entries after {i + 1}");
        }

        Assert.Equal("cred-1", _cache.Match("dev-9", [Credential], _cache.Digest("secret"u8)));
    }

    [Fact]
    public void RememberingADeviceAgainReplacesItsEntry()
    {
        _cache.Remember("dev-1", Credential, _cache.Digest("old"u8));
        _cache.Remember("dev-1", Credential, _cache.Digest("new"u8));

        Assert.Equal(1, _cache.Count);
        Assert.Null(_cache.Match("dev-1", [Credential], _cache.Digest("old"u8)));
        Assert.Equal("cred-1", _cache.Match("dev-1", [Credential], _cache.Digest("new"u8)));
    }
}
