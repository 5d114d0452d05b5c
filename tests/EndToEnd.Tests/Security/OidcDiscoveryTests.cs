using System.Net;
using System.Security.Cryptography;
using System.Text;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using DigitalTwin.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// JWT validation through a provider's discovery document (<c>Api:Auth:Jwt:Authority</c>), as with any OpenID Connect
/// provider: a small provider in the test serves <c>/.well-known/openid-configuration</c> and its JSON Web Key Set, and
/// the silo takes the issuer and the keys from there.
/// </summary>
public sealed class OidcDiscoveryTests : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly HttpListener _provider = new();
    private readonly string _authority;

    public OidcDiscoveryTests()
    {
        _authority = $"http://127.0.0.1:{FreePort.Next()}";
        _provider.Prefixes.Add(_authority + "/");
        _provider.Start();
        _ = ServeAsync();
    }

    [Fact]
    public async Task TokensOfTheDiscoveredIssuerSignedWithItsPublishedKeyGetIn()
    {
        await using var silo = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["Api:Auth:Jwt:Authority"] = _authority,
            ["Api:Auth:Jwt:RequireHttpsMetadata"] = "false",
            ["Api:Auth:Jwt:Audiences:0"] = "dtn-api",
        });

        Assert.Equal(HttpStatusCode.OK, (await GetTwinsAsync(silo, Token(_authority, _rsa))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetTwinsAsync(silo, Token("http://127.0.0.1:1", _rsa))).Status);
        using var other = RSA.Create(2048);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetTwinsAsync(silo, Token(_authority, other))).Status);
        Assert.Empty(silo.LoggedErrors());
    }

    public void Dispose()
    {
        _provider.Close();
        _rsa.Dispose();
    }

    private static Task<ApiCall> GetTwinsAsync(SiloProcess silo, string token) =>
        ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/twins", headers: [("Authorization", $"Bearer {token}")]);

    private static string Token(string issuer, RSA key) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = "dtn-api",
        Claims = new Dictionary<string, object> { ["sub"] = "svc-1", ["role"] = "viewer" },
        Expires = DateTime.UtcNow.AddMinutes(5),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "k1" }, SecurityAlgorithms.RsaSha256),
    });

    private async Task ServeAsync()
    {
        var parameters = _rsa.ExportParameters(includePrivateParameters: false);
        var jwks = $$"""{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"k1","n":"{{Base64UrlEncoder.Encode(parameters.Modulus)}}","e":"{{Base64UrlEncoder.Encode(parameters.Exponent)}}"}]}""";
        var discovery = $$"""{"issuer":"{{_authority}}","jwks_uri":"{{_authority}}/jwks","id_token_signing_alg_values_supported":["RS256"]}""";
        while (_provider.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _provider.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var body = context.Request.Url!.AbsolutePath switch
            {
                "/.well-known/openid-configuration" => discovery,
                "/jwks" => jwks,
                _ => null,
            };
            context.Response.StatusCode = body is null ? 404 : 200;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(body ?? "{}");
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
