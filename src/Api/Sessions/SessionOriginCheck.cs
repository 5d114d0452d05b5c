using System.Security.Claims;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DigitalTwin.Api.Sessions;

/// <summary>
/// Refuses a request that only the session cookie authenticates when it could change something (any method but GET,
/// HEAD and OPTIONS, or a WebSocket handshake) and a page of another site sent it: cross-site request forgery. The
/// cookie is <c>SameSite=Strict</c>, so current browsers do not send it on such requests at all; this holds where one
/// does anyway. Requests with a credential header are not the browser's doing and are not checked.
/// </summary>
internal static class SessionOriginCheck
{
    /// <summary>Goes after authentication, which says whether the cookie is what authenticated the request.</summary>
    public static IApplicationBuilder UseSessionOriginCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // Nearly every request carries a credential header: they pass before any header is looked at.
        if (!CarriedBySession(context.User))
        {
            await next(context);
            return;
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (Refuses(context.Request.Method, context.WebSockets.IsWebSocketRequest, origin, context.Request.Host, context.User))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsJsonAsync(ApiErrorResponse.Of(
                ApiErrorCodes.CrossOriginRefused,
                $"a request carried by the session cookie came from a page of another origin ({ApiErrors.Echo(origin)}); only this site's pages may change things with it"));
            return;
        }

        await next(context);
    });

    /// <summary>
    /// True for a session-authenticated change or handshake whose <c>Origin</c> names another host (or is
    /// <c>null</c>, as sandboxed and privacy-sensitive contexts send). Hosts, not schemes, are compared, so a proxy
    /// ending TLS in front of the silo does not make the site's own pages look foreign. A request without
    /// <c>Origin</c> is not from a browser page (browsers send it on every such request) and passes.
    /// </summary>
    public static bool Refuses(string method, bool isWebSocket, string? origin, HostString host, ClaimsPrincipal user)
    {
        if (!CarriedBySession(user))
        {
            return false;
        }

        var changes = isWebSocket || !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        if (!changes || string.IsNullOrEmpty(origin))
        {
            return false;
        }

        return !Uri.TryCreate(origin, UriKind.Absolute, out var page) || !string.Equals(page.Authority, host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static bool CarriedBySession(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, AuthenticationType: ApiAuthSchemes.Session };
}
