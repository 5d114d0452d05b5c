using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Security;

/// <summary>
/// Reads the role every route of the app needs from its endpoint metadata, and refuses a route that carries no role
/// policy and is not explicitly anonymous — so a route added without thinking about who may call it stops the silo
/// at start-up instead of being open once authentication is on.
/// </summary>
public static class RouteRoles
{
    public static IReadOnlyList<RouteAccess> Describe(IEnumerable<Endpoint> endpoints) =>
        [.. endpoints.Select(Describe).OrderBy(r => r.Route, StringComparer.Ordinal).ThenBy(r => r.Methods, StringComparer.Ordinal)];

    public static IReadOnlyList<RouteAccess> Describe(this IEndpointRouteBuilder app) => Describe(app.DataSources.SelectMany(d => d.Endpoints));

    /// <summary>Throws, naming each route that carries no role policy and is not anonymous.</summary>
    public static void RequireRoleOnEveryRoute(this IEndpointRouteBuilder app)
    {
        var unguarded = app.Describe().Where(r => !r.IsGuarded).ToList();
        if (unguarded.Count > 0)
        {
            throw new InvalidOperationException(
                $"Every route needs a role policy (ApiPolicies.Viewer, .Operator or .Admin) or AllowAnonymous(); these have none: {string.Join(", ", unguarded.Select(r => $"{r.Methods} {r.Route}"))}");
        }
    }

    private static RouteAccess Describe(Endpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } verbs ? string.Join(',', verbs) : "*";
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? endpoint.DisplayName ?? "?";
        if (!route.StartsWith('/'))
        {
            route = "/" + route;
        }

        return new RouteAccess(methods, route, AccessOf(endpoint.Metadata));
    }

    /// <summary>The role a route's metadata asks for, <see cref="RouteAccess.Anonymous"/>, or <see cref="RouteAccess.Unguarded"/>.</summary>
    public static string AccessOf(EndpointMetadataCollection metadata)
    {
        ApiRole? needed = null;
        foreach (var data in metadata.GetOrderedMetadata<IAuthorizeData>())
        {
            if (data.Policy is { } policy && ApiPolicies.Roles.TryGetValue(policy, out var role) && (needed is null || role > needed))
            {
                needed = role;
            }
        }

        // AllowAnonymous outranks any policy, as the authorization middleware applies it.
        return metadata.GetMetadata<IAllowAnonymous>() is not null ? RouteAccess.Anonymous
            : needed is { } strongest ? ApiRoles.NameOf(strongest)
            : RouteAccess.Unguarded;
    }
}
