using DigitalTwin.Api.Security;

namespace DigitalTwin.Api.Tests.Security;

public sealed class ApiAuthSchemesTests
{
    private const string Jwt = "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.";

    [Fact]
    public void AJwtGoesToTheJwtSchemeWhenJwtIsConfigured() => Assert.Equal(ApiAuthSchemes.Jwt, ApiAuthSchemes.Select(Jwt, hasApiKeyHeader: false, jwtEnabled: true));

    [Fact]
    public void AJwtGoesToTheKeySchemeWhenJwtIsNotConfigured() => Assert.Equal(ApiAuthSchemes.ApiKey, ApiAuthSchemes.Select(Jwt, hasApiKeyHeader: false, jwtEnabled: false));

    [Theory]
    [InlineData("Bearer legacy-token-0123456789")]
    [InlineData("ApiKey some.key.with-dots")]
    [InlineData(null)]
    public void AnythingElseGoesToTheKeyScheme(string? authorization) => Assert.Equal(ApiAuthSchemes.ApiKey, ApiAuthSchemes.Select(authorization, hasApiKeyHeader: false, jwtEnabled: true));

    [Fact]
    public void AnApiKeyHeaderWinsOverABearerJwt() => Assert.Equal(ApiAuthSchemes.ApiKey, ApiAuthSchemes.Select(Jwt, hasApiKeyHeader: true, jwtEnabled: true));
}
