using DigitalTwin.Api.Envelope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace DigitalTwin.Api.Hosting;

/// <summary>What the API checks on the request line before routing: the length of the target, and HEAD.</summary>
internal static class RequestLineChecks
{
    /// <summary>Longest request target (path and query) the API reads: Kestrel's own default limit.</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>
    /// The request line Kestrel accepts. Longer than <see cref="MaxTargetBytes"/> so that an over-long target
    /// reaches <see cref="UseRequestLineChecks"/> and gets a 414 in the error envelope: Kestrel's own 414 has
    /// no body. Lines beyond this still get Kestrel's bare 414.
    /// </summary>
    public const int MaxRequestLineBytes = 64 * 1024;

    /// <summary>
    /// Answers a target longer than <see cref="MaxTargetBytes"/> with 414 <c>URI_TOO_LONG</c>, and serves HEAD
    /// from the GET route (minimal APIs match HEAD only where it is mapped; the server drops the body of a HEAD
    /// answer). Goes before routing.
    /// </summary>
    public static IApplicationBuilder UseRequestLineChecks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        if (target.Length > MaxTargetBytes)
        {
            context.Response.StatusCode = StatusCodes.Status414UriTooLong;
            await context.Response.WriteAsJsonAsync(ApiErrorResponse.Of(
                ApiErrorCodes.UriTooLong, $"the request target (path and query) is {target.Length} bytes, more than the {MaxTargetBytes} this API reads"));
            return;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Request.Method = HttpMethods.Get;
        }

        await next(context);
    });
}
