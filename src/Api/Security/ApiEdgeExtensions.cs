using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using DigitalTwin.Api.Envelope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace DigitalTwin.Api.Security;

/// <summary>
/// What guards the API at its edge besides authentication: security headers, CORS, the per-client rate limit, and which
/// proxies' <c>X-Forwarded-For</c> to believe.
/// </summary>
public static class ApiEdgeExtensions
{
    private const string CorsPolicy = "dtn-cors";

    public static IServiceCollection AddApiEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiRateLimitOptions>().Bind(configuration.GetSection(ApiRateLimitOptions.SectionName)).ValidateOnStart();
        services.AddOptions<ApiCorsOptions>().Bind(configuration.GetSection(ApiCorsOptions.SectionName)).ValidateOnStart();
        services.AddOptions<ApiProxyOptions>().Bind(configuration.GetSection(ApiProxyOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiRateLimitOptions>, ApiEdgeOptionsValidator>();
        services.AddSingleton<IValidateOptions<ApiCorsOptions>, ApiEdgeOptionsValidator>();
        services.AddSingleton<IValidateOptions<ApiProxyOptions>, ApiEdgeOptionsValidator>();
        services.AddSingleton<ApiSecurityMetrics>();

        var origins = configuration.GetSection(ApiCorsOptions.SectionName).Get<ApiCorsOptions>()?.AllowedOrigins ?? [];
        if (origins.Length > 0)
        {
            services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(origins)
                .WithMethods("GET", "POST", "PUT", "PATCH", "DELETE")
                .WithHeaders("Authorization", "Content-Type", ApiAuthSchemes.ApiKeyHeader, "If-Match", "If-None-Match")
                .WithExposedHeaders("ETag", "Retry-After", "Location")));
        }

        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
                return limit.Enabled
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientOf(context), _ => new FixedWindowRateLimiterOptions { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("");
            });
            limiter.OnRejected = WriteThrottledAsync;
        });
        return services;
    }

    /// <summary>
    /// With trusted proxies configured, the client address of a request that came through one is the one it forwarded
    /// (<c>X-Forwarded-For</c>), for everything after: the audit log's <c>remote_address</c>, the rate limit of callers
    /// without a credential. First in the pipeline. Without trusted proxies the header is ignored: anyone can send it.
    /// </summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app)
    {
        var proxies = app.ApplicationServices.GetRequiredService<IOptions<ApiProxyOptions>>().Value;
        if (!proxies.Enabled)
        {
            return app;
        }

        var forwarded = new ForwardedHeadersOptions
        {
            // The scheme too: behind a proxy that ends TLS the request was HTTPS, and the session cookie must say Secure.
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,

            // Every entry from the right is taken while the address before it is a trusted proxy, so a chain of them
            // (ingress, then a mesh sidecar) yields the client; an address a client wrote itself is never reached.
            ForwardLimit = null,
        };

        // ASP.NET Core trusts the loopback by default; only what is configured counts.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in proxies.KnownProxies)
        {
            forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in proxies.KnownNetworks)
        {
            forwarded.KnownIPNetworks.Add(IPNetwork.Parse(network));
        }

        return app.UseForwardedHeaders(forwarded);
    }

    /// <summary>Security headers on every response, and CORS when origins are configured. Before routing.</summary>
    public static IApplicationBuilder UseApiHeaders(this IApplicationBuilder app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                SecurityHeaders.Apply(context.Response.Headers);
                return Task.CompletedTask;
            });
            return next(context);
        });
        if (app.ApplicationServices.GetRequiredService<IOptions<ApiCorsOptions>>().Value.AllowedOrigins.Length > 0)
        {
            app.UseCors(CorsPolicy);
        }

        return app;
    }

    /// <summary>The caller the rate limit counts: its authenticated name, else its remote address.</summary>
    internal static string ClientOf(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? $"client:{name}" : $"address:{context.Connection.RemoteIpAddress}";

    private static async ValueTask WriteThrottledAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var response = rejected.HttpContext.Response;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : rejected.HttpContext.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value.Window;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await response.WriteAsJsonAsync(ApiErrorResponse.Of(ApiErrorCodes.Throttled, $"too many requests from this client; retry after {response.Headers.RetryAfter} s (Api:RateLimit)"), cancellationToken);
    }
}
