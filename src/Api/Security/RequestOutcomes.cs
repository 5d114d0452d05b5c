using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DigitalTwin.Api.Security;

/// <summary>
/// Looks at every request's outcome once it is answered: counts the refused ones (401, 403, 429). Sits outside
/// authentication, the rate limiter and authorization, so it sees the requests they turn away.
/// </summary>
internal static class RequestOutcomes
{
    public static IApplicationBuilder UseRequestOutcomes(this IApplicationBuilder app)
    {
        var metrics = app.ApplicationServices.GetRequiredService<ApiSecurityMetrics>();
        return app.Use(async (context, next) =>
        {
            await next(context);
            metrics.Refused(context.Response.StatusCode);
        });
    }
}
