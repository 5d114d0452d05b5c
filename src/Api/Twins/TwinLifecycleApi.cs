using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
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
        api.MapPost("/decommission", DecommissionTwin).WithName(nameof(DecommissionTwin)).WithSummary("Decommission a twin for good: it rejects every update")
            .WithVersionedWrite();
        return api;
    }

    public static Task<Results<Ok<ApiResponse<TwinResponse>>, JsonHttpResult<ApiErrorResponse>>> ActivateTwin(string id, HttpContext context, TwinReferences twins) =>
        ChangeAsync(id, context, TwinLifecycle.Active, twins);

    public static Task<Results<Ok<ApiResponse<TwinResponse>>, JsonHttpResult<ApiErrorResponse>>> SuspendTwin(string id, HttpContext context, TwinReferences twins) =>
        ChangeAsync(id, context, TwinLifecycle.Suspended, twins);

    public static Task<Results<Ok<ApiResponse<TwinResponse>>, JsonHttpResult<ApiErrorResponse>>> DecommissionTwin(string id, HttpContext context, TwinReferences twins) =>
        ChangeAsync(id, context, TwinLifecycle.Decommissioned, twins);

    private static async Task<Results<Ok<ApiResponse<TwinResponse>>, JsonHttpResult<ApiErrorResponse>>> ChangeAsync(
        string id, HttpContext context, TwinLifecycle target, TwinReferences twins)
    {
        var error = TwinVersionHeaders.TryRead(context.Request, isRead: false, out var precondition);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var result = await twins.Get(id).ChangeLifecycleAsync(target, precondition);
        return VersionedTwinResults.Written(context.Response, id, result, TwinMapping.ToResponse);
    }
}
