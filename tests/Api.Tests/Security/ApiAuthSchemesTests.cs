using DigitalTwin.Api.Security;

namespace DigitalTwin.Api.Tests.Security;

public sealed class ApiAuthSchemesTests
{
    private const string Jwt = "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";

    [Fact]
    public void AJwtGoesToTheJwtSchemeWhenJwtIsConfigured() => Assert.Equal(ApiAuthSchemes.Jwt, ApiAuthSchemes.Select(Jwt, hasApiKeyHeader: false, hasSessionCookie: false, jwtEnabled: true));

    [Fact]
    public void AJwtGoesToTheKeySchemeWhenJwtIsNotConfigured() => Assert.Equal(ApiAuthSchemes.ApiKey, ApiAuthSchemes.Select(Jwt, hasApiKeyHeader: false, hasSessionCookie: false, jwtEnabled: false));

    [Theory]
    [InlineData("Bearer legacy-token-0123456789")]
    [InlineData("ApiKey some.key.with-dots")]
    [InlineData(null)]
    public void AnythingElseGoesToTheKeyScheme(string? authorization) => Assert.Equal(ApiAuthSchemes.ApiKey, ApiAuthSchemes.Select(authorization, hasApiKeyHeader: false, hasSessionCookie: false, jwtEnabled: true));

    [Fact]
    public void AnApiKeyHeaderWinsOverABearerJwt() => Assert.Equal(ApiAuthSchemes.ApiKey, ApiAuthSchemes.Select(Jwt, hasApiKeyHeader: true, hasSessionCookie: false, jwtEnabled: true));

    [Fact]
    public void ASessionCookieAloneGoesToTheSessionScheme() =>
        Assert.Equal(ApiAuthSchemes.Session, ApiAuthSchemes.Select(null, hasApiKeyHeader: false, hasSessionCookie: true, jwtEnabled: true));

    [Theory]
    [InlineData(Jwt, false, ApiAuthSchemes.Jwt)]
    [InlineData("ApiKey some-key-0123456789", false, ApiAuthSchemes.ApiKey)]
    [InlineData(null, true, ApiAuthSchemes.ApiKey)]
    public void ACredentialHeaderWinsOverTheSessionCookie(string? authorization, bool hasApiKeyHeader, string expected) =>
        Assert.Equal(expected, ApiAuthSchemes.Select(authorization, hasApiKeyHeader, hasSessionCookie: true, jwtEnabled: true));
}
