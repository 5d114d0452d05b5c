using Microsoft.AspNetCore.Http.HttpResults;

namespace DigitalTwin.Silo.Observability;

/// <summary>
/// <c>/health/live</c> and <c>/health/ready</c> for Kubernetes' probes: anonymous, since the kubelet sends no
/// credential, and cheap, since they answer every few seconds. Outside <c>/api/v1</c> and its envelope.
/// </summary>
internal static class ProbesApi
{
    public const string LivePath = "/health/live";

    public const string ReadyPath = "/health/ready";

    public static IEndpointRouteBuilder MapProbes(this IEndpointRouteBuilder app)
    {
        app.MapGet(LivePath, GetLive).AllowAnonymous().WithName(nameof(GetLive));
        app.MapGet(ReadyPath, GetReady).AllowAnonymous().WithName(nameof(GetReady));
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
