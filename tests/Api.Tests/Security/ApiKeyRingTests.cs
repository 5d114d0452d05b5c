using System.Security.Cryptography;
using System.Text;
using DigitalTwin.Api.Security;

namespace DigitalTwin.Api.Tests.Security;

public sealed class ApiKeyRingTests
{
    private const string PlainKey = "plain-key-0123456789abcdef0123456789";
    private const string HashedKey = "hashed-key-0123456789abcdef012345678";
    private const string Token = "legacy-token-0123456789";

    private readonly ApiKeyRing _ring = new(new ApiAuthOptions
    {
        ApiKeys =
        [
            new ApiKeyOptions { Name = "viewer-bot", Key = PlainKey, Role = "viewer" },
            new ApiKeyOptions { Name = "ops-bot", KeyHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(HashedKey))).ToLowerInvariant(), Role = "operator" },
        ],
        Tokens = [Token],
    });

    [Fact]
    public void APlainKeyFindsItsNameAndRole() => Assert.Equal(("viewer-bot", ApiRole.Viewer), (_ring.Find(PlainKey)!.Name, _ring.Find(PlainKey)!.Role));

    [Fact]
    public void AKeyConfiguredOnlyByItsHashIsFound() => Assert.Equal(("ops-bot", ApiRole.Operator), (_ring.Find(HashedKey)!.Name, _ring.Find(HashedKey)!.Role));

    [Fact]
    public void ADeprecatedTokenIsAnAdminKey() => Assert.Equal(("token-0", ApiRole.Admin), (_ring.Find(Token)!.Name, _ring.Find(Token)!.Role));

    [Fact]
    public void EachKeyHasItsOwnFingerprintWhichRevealsNeitherTheKeyNorItsHash()
    {
        var fingerprints = new[] { PlainKey, HashedKey, Token }.Select(k => _ring.Find(k)!.Fingerprint).ToList();

        Assert.Equal(3, fingerprints.Distinct().Count());
        Assert.All(fingerprints, f => Assert.Matches("^[0-9A-F]{32}$", f));
        Assert.DoesNotContain(Convert.ToHexString(global::System.Security.Cryptography.SHA256.HashData(global::System.Text.Encoding.UTF8.GetBytes(PlainKey)))[..32], fingerprints);
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-key-0123456789abcdef012345678")]
    [InlineData("plain-key-0123456789abcdef01234567890")]
    public void AnyOtherKeyIsUnknown(string presented) => Assert.Null(_ring.Find(presented));
}
