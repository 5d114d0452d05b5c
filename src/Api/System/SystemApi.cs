using System.Diagnostics;
using DigitalTwin.Api.Alerts;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Interfaces.Directory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.System;

/// <summary><c>/api/v1/system</c>: health of the silo's components and ingest metrics.</summary>
internal static class SystemApi
{
    /// <summary>The twin grain class as Orleans names it in grain statistics.</summary>
    private const string TwinGrainTypeName = "DigitalTwin.Grains.Twins.TwinGrain";

    public static RouteGroupBuilder MapSystemApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/system").WithTags("System").RequireAuthorization(ApiPolicies.Viewer).ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status503ServiceUnavailable);
        api.MapGet("/health", GetSystemHealth).AllowAnonymous().WithName(nameof(GetSystemHealth)).WithSummary("Health of the cluster, the MQTT broker and the twin directory (503 when unhealthy)");
        api.MapGet("/metrics", GetSystemMetrics).WithName(nameof(GetSystemMetrics)).WithSummary("Message counts and rates, twin counts, live-feed, detection and API refusal counts, uptime");
        api.MapGet("/identity", GetIdentity).WithName(nameof(GetIdentity))
            .WithSummary("Who the API takes the caller for: name, role, and whether API authentication is on (a client's login check)");
        return api;
    }

    public static Ok<ApiResponse<IdentityResponse>> GetIdentity(HttpContext context, IOptions<ApiAuthOptions> auth)
    {
        // Open API: every policy lets everyone in, so the caller may do what an admin may.
        if (!auth.Value.Enforced)
        {
            return TypedResults.Ok(ApiResponse<IdentityResponse>.Success(new IdentityResponse(AlertsApi.AnonymousCaller, ApiRoles.Admin, false)));
        }

        // The viewer policy let the caller in, so it is authenticated and holds a role.
        var role = ApiRoles.HighestOf(context.User) ?? ApiRole.Viewer;
        var name = context.User.Identity?.Name is { Length: > 0 } named ? named : AlertsApi.AnonymousCaller;
        return TypedResults.Ok(ApiResponse<IdentityResponse>.Success(new IdentityResponse(name, ApiRoles.NameOf(role), true)));
    }

    public static async Task<Results<Ok<ApiResponse<SystemHealthResponse>>, JsonHttpResult<ApiErrorResponse>>> GetSystemHealth(
        HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        if (report.Status == HealthStatus.Unhealthy)
        {
            var failing = report.Entries
                .Where(e => e.Value.Status == HealthStatus.Unhealthy)
                .Select(e => $"{e.Key}: {e.Value.Description ?? e.Value.Exception?.Message ?? "unhealthy"}");
            return ApiErrors.Of(StatusCodes.Status503ServiceUnavailable, ApiErrorCodes.ServiceUnavailable, "unhealthy: " + string.Join("; ", failing));
        }

        var checks = report.Entries.ToDictionary(
            e => e.Key,
            e => new ComponentHealth(Name(e.Value.Status), e.Value.Description ?? e.Value.Exception?.Message, Math.Round(e.Value.Duration.TotalMilliseconds, 3)));
        return TypedResults.Ok(ApiResponse<SystemHealthResponse>.Success(new SystemHealthResponse(Name(report.Status), Uptime(), checks)));
    }

    public static async Task<Ok<ApiResponse<SystemMetricsResponse>>> GetSystemMetrics(
        IngestMetrics metrics, IngestRates rates, FeedMetrics feeds, DetectionMetrics detection, DetectionModelHost models, ApiSecurityMetrics api, ITwinDirectory directory, TwinDirectoryWriter writer,
        IGrainFactory grains, ILocalSiloDetails silo, BrokerSecurityMetrics security, BrokerRelayMetrics relay, CancellationToken cancellationToken)
    {
        var registered = await directory.QueryAsync(new TwinQuery { Limit = 1 }, cancellationToken);
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var active = statistics.Where(s => s.GrainType.Contains(TwinGrainTypeName, StringComparison.Ordinal)).Sum(s => s.ActivationCount);
        var rate = rates.Current();
        var response = new SystemMetricsResponse(
            new MessageCounts(metrics.Received, metrics.Accepted, metrics.Rejected, metrics.Stale, metrics.Ignored, metrics.RejectedByReason, metrics.Redelivered, metrics.DroppedForSubscribers),
            new MessageRateWindows(rate.Last10Seconds, rate.Last60Seconds),
            new TwinCounts(registered.Total, active, writer.Pending),
            Uptime(),
            silo.Name,
            new FeedCounts(feeds.Consumers, feeds.DroppedForConsumers, feeds.Relayed, feeds.RelayDropped),
            new DetectionCounts(detection.Scored, detection.Flagged, detection.Raised, detection.Escalated, detection.Acknowledged, detection.Cleared)
            {
                Model = models.Status,
            },
            new ApiRefusalCounts(api.Unauthenticated, api.Forbidden, api.Throttled, api.AuditDropped))
        {
            Cluster = new ClusterBrokerCounts(relay.SentCount, relay.ReceivedCount, relay.DroppedCount, relay.SessionsEnded),
            BrokerSecurity = new BrokerSecurityCounts(
                security.Authenticated, security.ConnectionsRefusedByReason, security.CacheHits, security.SlowVerifications,
                security.PublishesRefused, security.SubscriptionsRefused, security.RateLimited, security.DiscoveriesCapped,
                security.TlsHandshakesTimedOut),
        };
        return TypedResults.Ok(ApiResponse<SystemMetricsResponse>.Success(response));
    }

    private static double Uptime() => Math.Round((DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds, 3);

    private static string Name(HealthStatus status) => status.ToString().ToLowerInvariant();
}
