using System.Security.Claims;
using DigitalTwin.Api.Security;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Tests.Security;

public sealed class ApiRolesTests
{
    [Theory]
    [InlineData("admin", ApiRole.Viewer, true)]
    [InlineData("admin", ApiRole.Admin, true)]
    [InlineData("operator", ApiRole.Viewer, true)]
    [InlineData("operator", ApiRole.Operator, true)]
    [InlineData("operator", ApiRole.Admin, false)]
    [InlineData("viewer", ApiRole.Operator, false)]
    [InlineData("superuser", ApiRole.Viewer, false)]
    public void AHigherRoleIncludesTheLowerOnes(string held, ApiRole needed, bool granted) =>
        Assert.Equal(granted, ApiRoles.Grants(Caller(held), needed));

    [Fact]
    public void TheHighestOfSeveralRolesCounts() => Assert.Equal(ApiRole.Operator, ApiRoles.HighestOf(Caller("viewer", "Operator")));

    [Fact]
    public void JwtRoleClaimsAreMappedAndUnknownValuesIgnored()
    {
        var identity = new ClaimsIdentity([new Claim("sub", "alice"), new Claim("roles", "operator"), new Claim("roles", "payroll"), new Claim("groups", "admin")], "Jwt");

        JwtBearerConfiguration.AddApiClaims(identity, new JwtAuthOptions());

        Assert.Equal("alice", identity.FindFirst(ClaimTypes.Name)?.Value);
        Assert.Equal([ApiRoles.Operator], identity.FindAll(ApiRoles.ClaimType).Select(c => c.Value));
    }

    [Fact]
    public void TheRoleAndNameClaimsAreConfigurable()
    {
        var identity = new ClaimsIdentity([new Claim("preferred_username", "bob"), new Claim("groups", "admin"), new Claim("role", "viewer")], "Jwt");

        JwtBearerConfiguration.AddApiClaims(identity, new JwtAuthOptions { RoleClaims = ["groups"], NameClaim = "preferred_username" });

        Assert.Equal("bob", identity.FindFirst(ClaimTypes.Name)?.Value);
        Assert.Equal([ApiRoles.Admin], identity.FindAll(ApiRoles.ClaimType).Select(c => c.Value));
    }

    [Fact]
    public void ProductionNeedsJwtOrKeysConfigured()
    {
        Assert.Single(new ApiAuthenticationRequirement(Options.Create(new ApiAuthOptions())).FindGaps());
        Assert.Empty(new ApiAuthenticationRequirement(Options.Create(new ApiAuthOptions { ApiKeys = [new ApiKeyOptions { Name = "k", Key = new string('k', 32) }] })).FindGaps());
        Assert.Empty(new ApiAuthenticationRequirement(Options.Create(new ApiAuthOptions { Jwt = new JwtAuthOptions { Authority = "https://id" } })).FindGaps());
    }

    private static ClaimsPrincipal Caller(params string[] roles) =>
        new(new ClaimsIdentity(roles.Select(r => new Claim(ApiRoles.ClaimType, r)), "test"));
}
