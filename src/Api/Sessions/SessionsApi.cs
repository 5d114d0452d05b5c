using DigitalTwin.Api.Alerts;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Sessions;

/// <summary>
/// <c>/api/v1/session</c>: a person's browser logs in once with an API key or a JWT and then carries an HttpOnly
/// session cookie, which the web dashboard, the live feeds and the Orleans Dashboard need: none of them can add a
/// credential header to what the browser loads by itself.
/// </summary>
internal static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/session").WithTags("Sessions").ProducesErrors(StatusCodes.Status400BadRequest);
        api.MapPost("/", OpenSession).RequireAuthorization(ApiPolicies.Viewer).WithName(nameof(OpenSession))
            .WithSummary($"Log in: open a browser session for the API key or JWT this request carries; the answer sets the HttpOnly cookie {ApiAuthSchemes.SessionCookie}, valid on every silo until it expires (Api:Auth:Session:Lifetime, never past the JWT's expiry)");

        // Anonymous, so an expired or refused session can still be cleared from the browser.
        api.MapDelete("/", CloseSession).AllowAnonymous().WithName(nameof(CloseSession))
            .WithSummary("Log out: clear the browser's session cookie (204, also when there was none)");
        return api;
    }

    public static async Task<Results<Ok<ApiResponse<SessionResponse>>, JsonHttpResult<ApiErrorResponse>>> OpenSession(
        HttpContext context, SessionTickets tickets, IOptions<ApiAuthOptions> auth)
    {
        // Open API: there is nothing to log in to, and everyone may do what an admin may.
        if (!auth.Value.Enforced)
        {
            return TypedResults.Ok(ApiResponse<SessionResponse>.Success(new SessionResponse(AlertsApi.AnonymousCaller, ApiRoles.Admin, false, null)));
        }

        if (tickets.Open(context.User, out var refusal) is not { } ticket)
        {
            return ApiErrors.Of(StatusCodes.Status400BadRequest, ApiErrorCodes.CredentialRequired, refusal!);
        }

        await context.SignInAsync(ApiAuthSchemes.Session, ticket.Principal, new AuthenticationProperties
        {
            IssuedUtc = ticket.IssuedAt,
            ExpiresUtc = ticket.ExpiresAt,

            // A browser-session cookie: closing the browser ends it too; the ticket inside ends at ExpiresUtc anyway.
            IsPersistent = false,
        });
        return TypedResults.Ok(ApiResponse<SessionResponse>.Success(new SessionResponse(ticket.Name, ApiRoles.NameOf(ticket.Role), true, ticket.ExpiresAt)));
    }

    public static async Task<NoContent> CloseSession(HttpContext context, IOptions<ApiAuthOptions> auth)
    {
        if (auth.Value.Enforced)
        {
            await context.SignOutAsync(ApiAuthSchemes.Session);
        }

        return TypedResults.NoContent();
    }
}
