using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DigitalTwin.Api.Security;

namespace DigitalTwin.Api.Tests.Security;

public sealed class ApiAuthOptionsValidatorTests
{
    private const string Key = "viewer-key-0123456789abcdef0123456789";

    private static readonly string SigningKey = Convert.ToBase64String(new byte[32]);

    [Fact]
    public void NothingConfiguredIsValidAndOpen()
    {
        var options = new ApiAuthOptions();

        Assert.True(Validate(options).Succeeded);
        Assert.False(options.Enforced);
    }

    [Theory]
    [InlineData("00:00:59", false)]
    [InlineData("00:01:00", true)]
    [InlineData("7.00:00:00", true)]
    [InlineData("7.00:00:01", false)]
    [InlineData("-01:00:00", false)]
    public void ASessionLastsBetweenAMinuteAndAWeek(string lifetime, bool valid)
    {
        var result = Validate(new ApiAuthOptions { Session = new ApiSessionOptions { Lifetime = TimeSpan.Parse(lifetime, CultureInfo.InvariantCulture) } });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Api:Auth:Session:Lifetime must be between 00:01:00 and 7.00:00:00", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void KeysGivenInPlainOrAsHashWithARoleAreValidAndEnforced()
    {
        var options = new ApiAuthOptions
        {
            ApiKeys =
            [
                new ApiKeyOptions { Name = "dashboard", Key = Key, Role = "viewer" },
                new ApiKeyOptions { Name = "ops.bot", KeyHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Key + "x"))), Role = "Operator" },
            ],
        };

        Assert.True(Validate(options).Succeeded, Validate(options).FailureMessage);
        Assert.True(options.Enforced);
    }

    [Theory]
    [InlineData("short-key", null, "viewer", "Api:Auth:ApiKeys:0:Key must be at least 32 characters.")]
    [InlineData(null, "abc", "viewer", "Api:Auth:ApiKeys:0:KeyHash must be the key's SHA-256 as 64 hex digits.")]
    [InlineData(null, null, "viewer", "Api:Auth:ApiKeys:0 needs exactly one of Key and KeyHash.")]
    [InlineData(Key, "0000000000000000000000000000000000000000000000000000000000000000", "viewer", "Api:Auth:ApiKeys:0 needs exactly one of Key and KeyHash.")]
    [InlineData(Key, null, "root", "Api:Auth:ApiKeys:0:Role must be 'viewer', 'operator' or 'admin', not 'root'.")]
    public void ABadKeyIsRefusedNamingItsSetting(string? key, string? hash, string role, string expected)
    {
        var result = Validate(new ApiAuthOptions { ApiKeys = [new ApiKeyOptions { Name = "k", Key = key, KeyHash = hash, Role = role }] });

        Assert.Contains(expected, result.Failures!);
    }

    [Fact]
    public void TwoKeysOfOneNameAreRefused()
    {
        var result = Validate(new ApiAuthOptions
        {
            ApiKeys = [new ApiKeyOptions { Name = "bot", Key = Key }, new ApiKeyOptions { Name = "bot", Key = Key + "2" }],
        });

        Assert.Contains("Api:Auth:ApiKeys:1:Name 'bot' is used by another key.", result.Failures!);
    }

    [Fact]
    public void ADeprecatedShortTokenIsStillRefused()
    {
        Assert.Contains("Api:Auth:Tokens:0 must be at least 16 characters.", Validate(new ApiAuthOptions { Tokens = ["short"] }).Failures!);
    }

    [Fact]
    public void JwtWithAudienceButNoWayToCheckSignaturesIsRefusedRatherThanLeftOpen()
    {
        var result = Validate(new ApiAuthOptions { Jwt = new JwtAuthOptions { Audiences = ["dtn"], Issuers = ["https://id"] } });

        Assert.False(result.Succeeded);
        Assert.Contains(result.Failures!, f => f.StartsWith("Api:Auth:Jwt names issuers or audiences but no way to check signatures", StringComparison.Ordinal));
    }

    [Fact]
    public void OfflineJwtIsValidWithIssuerAudienceAndKey()
    {
        var options = new ApiAuthOptions { Jwt = new JwtAuthOptions { Audiences = ["dtn"], Issuers = ["https://id"], SigningKeys = [SigningKey] } };

        Assert.True(Validate(options).Succeeded, Validate(options).FailureMessage);
        Assert.True(options.Enforced);
    }

    [Fact]
    public void OfflineJwtNeedsAnIssuerAndAnAudience()
    {
        var failures = Validate(new ApiAuthOptions { Jwt = new JwtAuthOptions { SigningKeys = [SigningKey] } }).Failures!;

        Assert.Contains("Api:Auth:Jwt:Audiences needs at least one audience, and no empty one.", failures);
        Assert.Contains("Api:Auth:Jwt:Issuers needs at least one issuer when the keys are configured here (no Authority or MetadataAddress).", failures);
    }

    [Fact]
    public void DiscoveryNeedsNoIssuerButAnAbsoluteAddress()
    {
        Assert.True(Validate(new ApiAuthOptions { Jwt = new JwtAuthOptions { Authority = "https://id.example/realms/dtn", Audiences = ["dtn"] } }).Succeeded);
        Assert.Contains("Api:Auth:Jwt:Authority must be an absolute URL.", Validate(new ApiAuthOptions { Jwt = new JwtAuthOptions { Authority = "id/realms", Audiences = ["dtn"] } }).Failures!);
    }

    [Fact]
    public void AShortOrNonBase64SigningKeyIsRefused()
    {
        foreach (var key in new[] { Convert.ToBase64String(new byte[31]), "not base64!" })
        {
            var failures = Validate(new ApiAuthOptions { Jwt = new JwtAuthOptions { Audiences = ["dtn"], Issuers = ["i"], SigningKeys = [key] } }).Failures!;
            Assert.Contains("Api:Auth:Jwt:SigningKeys:0 must be base64 of at least 32 bytes.", failures);
        }
    }

    [Fact]
    public void APublicKeyThatIsNoPemIsRefused()
    {
        var failures = Validate(new ApiAuthOptions { Jwt = new JwtAuthOptions { Audiences = ["dtn"], Issuers = ["i"], PublicKeys = ["/nonexistent/key.pem"] } }).Failures!;

        Assert.Contains(failures, f => f.StartsWith("Api:Auth:Jwt:PublicKeys:0 is neither a PEM public key", StringComparison.Ordinal));
    }

    [Fact]
    public void RsaAndEcPublicKeysInPemAreAccepted()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new ApiAuthOptions { Jwt = new JwtAuthOptions { Audiences = ["dtn"], Issuers = ["i"], PublicKeys = [rsa.ExportSubjectPublicKeyInfoPem(), ec.ExportSubjectPublicKeyInfoPem()] } };

        Assert.True(Validate(options).Succeeded, Validate(options).FailureMessage);
        Assert.Equal(2, JwtSigningKeys.Load(options.Jwt).Count);
    }

    [Fact]
    public void ClockSkewIsBounded()
    {
        var failures = Validate(new ApiAuthOptions { Jwt = new JwtAuthOptions { Audiences = ["dtn"], Issuers = ["i"], SigningKeys = [SigningKey], ClockSkew = TimeSpan.FromMinutes(10) } }).Failures!;

        Assert.Contains("Api:Auth:Jwt:ClockSkew must be between 00:00:00 and 00:05:00, got 00:10:00.", failures);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(ApiAuthOptions options) => new ApiAuthOptionsValidator().Validate(null, options);
}
