using System.Text;
using DigitalTwin.Grains.Credentials;

namespace DigitalTwin.Grains.Tests.Credentials;

/// <summary>Secrets are kept as salted PBKDF2 hashes that verify the secret and nothing else.</summary>
public sealed class SecretHashTests
{
    private const string Secret = "a-secret-of-more-than-32-characters!";

    [Fact]
    public void AHashVerifiesItsSecretOnly()
    {
        var hash = SecretHash.Create(Secret);

        Assert.True(SecretHash.Verify(hash, Encoding.UTF8.GetBytes(Secret)));
        Assert.False(SecretHash.Verify(hash, Encoding.UTF8.GetBytes(Secret + "x")));
        Assert.False(SecretHash.Verify(hash, []));
    }

    [Fact]
    public void TheSameSecretHashesDifferentlyEachTimeAndNamesItsCost()
    {
        var first = SecretHash.Create(Secret);
        var second = SecretHash.Create(Secret);

        Assert.NotEqual(first, second);
        Assert.StartsWith($"pbkdf2-sha256${SecretHash.Iterations}$", first, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, first, StringComparison.Ordinal);
        Assert.True(SecretHash.IsWellFormed(first));
    }

    [Fact]
    public void AHashOfAnotherIterationCountStillVerifies()
    {
        var parts = SecretHash.Create(Secret).Split('$');
        var salt = Convert.FromBase64String(parts[2]);
        var hash = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(Secret), salt, 20_000, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);
        var stored = $"pbkdf2-sha256$20000${parts[2]}${Convert.ToBase64String(hash)}";

        Assert.True(SecretHash.Verify(stored, Encoding.UTF8.GetBytes(Secret)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-secret")]
    [InlineData("pbkdf2-sha256$100$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$100000$not base64$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    [InlineData("md5$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    public void AMalformedHashVerifiesNothing(string stored)
    {
        Assert.False(SecretHash.IsWellFormed(stored));
        Assert.False(SecretHash.Verify(stored, Encoding.UTF8.GetBytes(Secret)));
    }

    [Fact]
    public void DeviceSecretsAre32RandomBytesInBase64Url()
    {
        var secrets = Enumerable.Range(0, 100).Select(_ => DeviceSecret.New()).ToList();

        Assert.Equal(100, secrets.Distinct().Count());
        Assert.All(secrets, s => Assert.Equal(43, s.Length));
        Assert.All(secrets, s => Assert.Matches("^[A-Za-z0-9_-]+$", s));
        Assert.All(secrets, s => Assert.Equal(32, System.Buffers.Text.Base64Url.DecodeFromChars(s).Length));
    }
}
