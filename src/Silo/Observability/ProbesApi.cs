using Microsoft.AspNetCore.Http.HttpResults;

namespace DigitalTwin.Silo.Observability;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> for Kubernetes' probes: anonymous, since the kubelet sends no
/// credential, cheap, since they answer every few seconds, and outside the per-client rate limit. Outside <c>/api/v1</c> and its envelope.
/// </summary>
internal static class ProbesApi
{
    public const string LivePath = "/health/live";

    public const string ReadyPath = "/health/ready";

    public static IEndpointRouteBuilder MapProbes(this IEndpointRouteBuilder app)
    {
        // Never throttled: a kubelet shares its address with whatever else comes from the node, and a 429 on
        // readiness would take a healthy pod out of service.
        app.MapGet(LivePath, GetLive).AllowAnonymous().DisableRateLimiting().WithName(nameof(GetLive));
        app.MapGet(ReadyPath, GetReady).AllowAnonymous().DisableRateLimiting().WithName(nameof(GetReady));
        return app;
    }

    /// <summary>The process answers: nothing else is checked, so a slow dependency never gets the pod restarted.</summary>
    public static Ok<ProbeStatus> GetLive() => TypedResults.Ok(new ProbeStatus("live", []));

    public static Results<Ok<ProbeStatus>, JsonHttpResult<ProbeStatus>> GetReady(SiloReadiness readiness)
    {
        var reasons = readiness.FindReasonsNotReady();
        return reasons.Count == 0
            ? TypedResults.Ok(new ProbeStatus("ready", reasons))
            : TypedResults.Json(new ProbeStatus("not_ready", reasons), statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
