using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// JWT bearer tokens on the real silo, configured for offline validation with an HMAC key and an RSA public key:
/// only signed, unexpired tokens for our issuer and audience get in, and the role claim decides what they may do.
/// </summary>
public sealed class JwtAuthenticationTests : IAsyncLifetime, IDisposable
{
    private const string Issuer = "https://id.test/realms/dtn";
    private const string Audience = "dtn-api";

    private readonly byte[] _hmacKey = RandomNumberGenerator.GetBytes(32);
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly string _pemPath = Path.Combine(Path.GetTempPath(), $"dtn-jwt-{Guid.NewGuid():N}.pem");
    private SiloProcess _silo = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(_pemPath, _rsa.ExportSubjectPublicKeyInfoPem());
        _silo = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["Api:Auth:Jwt:Issuers:0"] = Issuer,
            ["Api:Auth:Jwt:Audiences:0"] = Audience,
            ["Api:Auth:Jwt:SigningKeys:0"] = Convert.ToBase64String(_hmacKey),
            ["Api:Auth:Jwt:PublicKeys:0"] = _pemPath,
            ["Api:Auth:Jwt:ClockSkew"] = "00:00:05",
        });
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    public void Dispose()
    {
        _rsa.Dispose();
        File.Delete(_pemPath);
    }

    [Fact]
    public async Task ASignedTokenOfOurIssuerAndAudienceReads()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetTwinsAsync(Token("viewer"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetTwinsAsync(Token("viewer", key: new RsaSecurityKey(_rsa), algorithm: SecurityAlgorithms.RsaSha256))).Status);
    }

    [Fact]
    public async Task ForgedExpiredUnsignedOrMisaddressedTokensAreRefused()
    {
        var attempts = new Dictionary<string, string>
        {
            ["expired"] = Token("admin", expires: DateTime.UtcNow.AddMinutes(-1)),
            ["signed with another key"] = Token("admin", key: new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32))),
            ["signed with another RSA key"] = Token("admin", key: new RsaSecurityKey(RSA.Create(2048)), algorithm: SecurityAlgorithms.RsaSha256),
            ["alg none"] = Unsigned("admin"),
            ["wrong audience"] = Token("admin", audience: "another-api"),
            ["wrong issuer"] = Token("admin", issuer: "https://evil.test"),
            ["not yet valid"] = Token("admin", notBefore: DateTime.UtcNow.AddMinutes(5), expires: DateTime.UtcNow.AddMinutes(10)),
        };

        foreach (var (what, token) in attempts)
        {
            var create = await ApiCall.SendAsync(_silo.Http, HttpMethod.Post, "/api/v1/twins", """{"id":"jwt-forged-1","type":"sensor"}""", headers: [("Authorization", $"Bearer {token}")]);
            Assert.True(create.Status == HttpStatusCode.Unauthorized, $"{what}: {create}");
            Assert.Equal("UNAUTHORIZED", create.ErrorCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, "/api/v1/twins/jwt-forged-1", headers: [("Authorization", $"Bearer {Token("admin")}")])).Status);
    }

    [Fact]
    public async Task TheRoleClaimDecidesWhatATokenMayDo()
    {
        var admin = Token("admin");
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/v1/twins", admin, """{"id":"jwt-1","type":"sensor"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/api/v1/twins/jwt-1/activate", admin)).Status);

        var viewerCommand = await SendAsync(HttpMethod.Post, "/api/v1/twins/jwt-1/command", Token("viewer"), """{"action":"reboot"}""");
        Assert.Equal(HttpStatusCode.Forbidden, viewerCommand.Status);
        Assert.Equal("FORBIDDEN", viewerCommand.ErrorCode);
        Assert.Equal(0, (await SendAsync(HttpMethod.Get, "/api/v1/twins/jwt-1/commands", admin)).Data.GetProperty("commands").GetArrayLength());

        // The roles claim may be an array, as many providers send it; operator is the highest role in it.
        var operatorToken = Token(["viewer", "operator"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Delete, "/api/v1/twins/jwt-1", operatorToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/v1/twins/jwt-1", admin)).Status);

        var noRole = Token([]);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, "/api/v1/twins/jwt-1", noRole)).Status);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Delete, "/api/v1/twins/jwt-1", admin)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, "/api/v1/twins/jwt-1", admin)).Status);
        Assert.Empty(_silo.LoggedErrors());
    }

    private Task<ApiCall> GetTwinsAsync(string token) => SendAsync(HttpMethod.Get, "/api/v1/twins", token);

    private Task<ApiCall> SendAsync(HttpMethod method, string path, string token, string? json = null) =>
        ApiCall.SendAsync(_silo.Http, method, path, json, headers: [("Authorization", new AuthenticationHeaderValue("Bearer", token).ToString())]);

    private string Token(string role, SecurityKey? key = null, string algorithm = SecurityAlgorithms.HmacSha256, string issuer = Issuer, string audience = Audience, DateTime? expires = null, DateTime? notBefore = null) =>
        Token([role], key, algorithm, issuer, audience, expires, notBefore);

    private string Token(string[] roles, SecurityKey? key = null, string algorithm = SecurityAlgorithms.HmacSha256, string issuer = Issuer, string audience = Audience, DateTime? expires = null, DateTime? notBefore = null)
    {
        var exp = expires ?? DateTime.UtcNow.AddMinutes(5);
        var claims = new Dictionary<string, object> { ["sub"] = "alice" };
        if (roles.Length > 0)
        {
            claims["roles"] = roles;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = notBefore ?? exp.AddMinutes(-10),
            NotBefore = notBefore ?? exp.AddMinutes(-10),
            Expires = exp,
            SigningCredentials = new SigningCredentials(key ?? new SymmetricSecurityKey(_hmacKey), algorithm),
        });
    }

    /// <summary>A token with <c>alg: none</c> and no signature, written by hand as an attacker would.</summary>
    private static string Unsigned(string role)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"{Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""")}.{Base64UrlEncoder.Encode($$"""{"sub":"mallory","iss":"{{Issuer}}","aud":"{{Audience}}","roles":"{{role}}","nbf":{{now - 60}},"exp":{{now + 300}}}""")}.";
    }
}
