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
    public void APlainKeyFindsItsNameAndRole() => Assert.Equal(new ApiKeyIdentity("viewer-bot", ApiRole.Viewer), _ring.Find(PlainKey));

    [Fact]
    public void AKeyConfiguredOnlyByItsHashIsFound() => Assert.Equal(new ApiKeyIdentity("ops-bot", ApiRole.Operator), _ring.Find(HashedKey));

    [Fact]
    public void ADeprecatedTokenIsAnAdminKey() => Assert.Equal(new ApiKeyIdentity("token-0", ApiRole.Admin), _ring.Find(Token));

    [Theory]
    [InlineData("")]
    [InlineData("plain-key-0123456789abcdef012345678")]
    [InlineData("plain-key-0123456789abcdef01234567890")]
    public void AnyOtherKeyIsUnknown(string presented) => Assert.Null(_ring.Find(presented));
}
