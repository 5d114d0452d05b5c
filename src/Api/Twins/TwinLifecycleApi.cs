using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Grains.Credentials;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Twins;

/// <summary>
/// <c>POST /api/v1/twins/{id}/activate|suspend|decommission</c>: lifecycle actions of seed §10.
/// Repeating the current state is accepted and changes nothing; an impossible transition is 409.
/// </summary>
internal static class TwinLifecycleApi
{
    public static RouteGroupBuilder MapTwinLifecycleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/twins/{id}").WithTags("Twin lifecycle").RequireAuthorization(ApiPolicies.Admin).AddEndpointFilter<TwinIdFilter>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapPost("/activate", ActivateTwin).WithName(nameof(ActivateTwin)).WithSummary("Activate a pending or suspended twin").WithVersionedWrite();
        api.MapPost("/suspend", SuspendTwin).WithName(nameof(SuspendTwin)).WithSummary("Suspend an active twin: device traffic is ignored, data kept")
            .WithVersionedWrite();
        api.MapPost("/decommission", DecommissionTwin).WithName(nameof(DecommissionTwin))
            .WithSummary("Decommission a twin for good: it rejects every update, and its device's broker credentials are revoked (its open connections are closed)")
            .WithVersionedWrite();
        return api;
    }

    public static Task<Results<Ok<ApiResponse<TwinResponse>>, JsonHttpResult<ApiErrorResponse>>> ActivateTwin(string id, HttpContext context, TwinReferences twins) =>
        ChangeAsync(id, context, TwinLifecycle.Active, twins);

    public static Task<Results<Ok<ApiResponse<TwinResponse>>, JsonHttpResult<ApiErrorResponse>>> SuspendTwin(string id, HttpContext context, TwinReferences twins) =>
        ChangeAsync(id, context, TwinLifecycle.Suspended, twins);

    public static Task<Results<Ok<ApiResponse<TwinResponse>>, JsonHttpResult<ApiErrorResponse>>> DecommissionTwin(
        string id, HttpContext context, TwinReferences twins, IDeviceSessions sessions) =>
        ChangeAsync(id, context, TwinLifecycle.Decommissioned, twins, sessions);

    // revokedSessions: given for a change that revokes the device's credentials (decommissioning). The grain revoked them;
    // once the change succeeded this silo's open connections of the device are closed as after DELETE .../credentials.
    private static async Task<Results<Ok<ApiResponse<TwinResponse>>, JsonHttpResult<ApiErrorResponse>>> ChangeAsync(
        string id, HttpContext context, TwinLifecycle target, TwinReferences twins, IDeviceSessions? revokedSessions = null)
    {
        var error = TwinVersionHeaders.TryRead(context.Request, isRead: false, out var precondition);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var result = await twins.Get(id).ChangeLifecycleAsync(target, precondition);
        if (result.Succeeded && revokedSessions is not null)
        {
            await revokedSessions.CloseAsync(id, null);
        }

        return VersionedTwinResults.Written(context.Response, id, result, TwinMapping.ToResponse);
    }
}
