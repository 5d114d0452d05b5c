using DigitalTwin.Grains.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DigitalTwin.Api.Security;

/// <summary>
/// Looks at every request's outcome once it is answered: counts the refused ones (401, 403, 429) and records in the
/// audit log every state-changing call (POST, PUT, PATCH, DELETE) and every refused one (401, 403), whatever route it
/// hit — a route added later is audited without doing anything. Throttled calls (429) are counted but not recorded,
/// so a flood cannot flush the log. Sits outside authentication, the rate limiter and authorization, so it sees the
/// requests they turn away.
/// </summary>
internal static class RequestOutcomes
{
    public const string Anonymous = "anonymous";

    private const string TwinsPrefix = "/api/v1/twins/";

    public static IApplicationBuilder UseRequestOutcomes(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<ApiSecurityMetrics>();
        var audit = app.ApplicationServices.GetRequiredService<IAuditLog>();
        var clock = app.ApplicationServices.GetRequiredService<TimeProvider>();
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch
            {
                // The exception handler outside answers 500; the attempt is audited as that.
                Audit(context, StatusCodes.Status500InternalServerError);
                throw;
            }

            metrics.Refused(context.Response.StatusCode);
            Audit(context, context.Response.StatusCode);
        });

        void Audit(HttpContext context, int status)
        {
            // A throttled call is counted, not recorded: a flood of them must not flush the log.
            if (status != StatusCodes.Status429TooManyRequests
                && (IsStateChanging(context.Request.Method) || status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
                && !audit.Record(EntryOf(context, status, clock.GetUtcNow())))
            {
                metrics.AuditEntryDropped();
            }
        }
    }

    internal static AuditEntry EntryOf(HttpContext context, int status, DateTimeOffset at)
    {
        var user = context.User;
        var actor = user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : Anonymous;
        var role = ApiRoles.HighestOf(user) is { } held ? ApiRoles.NameOf(held) : "none";
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        var values = context.Request.RouteValues;
        var twin = values.TryGetValue("id", out var id) ? id as string
            : values.TryGetValue("alertId", out var alert) && alert is string alertId && alertId.LastIndexOf(':') is > 0 and var colon ? alertId[..colon]
            : CreatedTwin(context.Response);
        return new AuditEntry(0, at, actor, role, context.Request.Method, route.StartsWith('/') ? route : "/" + route, twin, context.Connection.RemoteIpAddress?.ToString(), status);
    }

    /// <summary>The twin a create named in its Location (its id came in the body, not the route).</summary>
    private static string? CreatedTwin(HttpResponse response) =>
        response.StatusCode == StatusCodes.Status201Created && response.Headers.Location.ToString() is { } location
        && location.StartsWith(TwinsPrefix, StringComparison.Ordinal) && location.IndexOf('/', TwinsPrefix.Length) < 0 && location.Length > TwinsPrefix.Length
            ? location[TwinsPrefix.Length..]
            : null;

    private static bool IsStateChanging(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
}
