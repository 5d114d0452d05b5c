using DigitalTwin.Api.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace DigitalTwin.Api.Tests.Security;

public sealed class RouteRolesTests
{
    [Fact]
    public void TheStrongestRolePolicyOfARouteIsWhatItNeeds()
    {
        var route = Single(Endpoint("/api/v1/twins/{id}", "DELETE", new AuthorizeAttribute(ApiPolicies.Viewer), new AuthorizeAttribute(ApiPolicies.Admin)));

        Assert.Equal(new RouteAccess("DELETE", "/api/v1/twins/{id}", ApiRoles.Admin), route);
    }

    [Fact]
    public void AnAnonymousRouteIsGuardedByChoice() => Assert.Equal(RouteAccess.Anonymous, Single(Endpoint("/health", "GET", new AuthorizeAttribute(ApiPolicies.Viewer), new AllowAnonymousAttribute())).Access);

    [Fact]
    public void ARouteWithoutPolicyOrOnlyTheRolelessOneIsUnguarded()
    {
        Assert.False(Single(Endpoint("/a", "GET")).IsGuarded);
        Assert.False(Single(Endpoint("/api/v1/twins/{id}/credentials", "POST", new AuthorizeAttribute(ApiPolicies.Api))).IsGuarded);
    }

    private static RouteAccess Single(Endpoint endpoint) => Assert.Single(RouteRoles.Describe([endpoint]));

    private static RouteEndpoint Endpoint(string pattern, string method, params object[] metadata) =>
        new(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0, new EndpointMetadataCollection([.. metadata, new HttpMethodMetadata([method])]), pattern);
}
