using System.Text.Json;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Wire.Payloads;
using DigitalTwin.Grains.Twins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Twins;

/// <summary>
/// <c>/api/v1/twins/{id}/desired</c>: what the twin wants of its device (AWS shadow / Azure twin model).
/// Writes are sent to the device on <c>device/{id}/desired</c>; the delta shrinks as the device reports.
/// </summary>
internal static class TwinDesiredApi
{
    /// <summary>The media type of RFC 7396; <c>application/json</c> is taken as the same.</summary>
    public const string MergePatchContentType = "application/merge-patch+json";

    public static RouteGroupBuilder MapTwinDesiredApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/twins/{id}").WithTags("Desired state").RequireAuthorization(ApiPolicies.Viewer).AddEndpointFilter<TwinIdFilter>()
            .ProducesErrors(
                StatusCodes.Status400BadRequest,
                StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType);
        api.MapGet("/desired", GetDesired).WithName(nameof(GetDesired))
            .WithSummary("Get a twin's desired and reported state, the delta between them and when each field was written").WithVersionedRead();
        api.MapPut("/desired", ReplaceDesired).RequireAuthorization(ApiPolicies.Operator).WithName(nameof(ReplaceDesired))
            .WithSummary("Replace the desired state entirely; the device is sent it on device/{id}/desired").WithVersionedWrite();
        api.MapPatch("/desired", PatchDesired).RequireAuthorization(ApiPolicies.Operator).WithName(nameof(PatchDesired))
            .WithSummary("Change the desired state with a JSON Merge Patch (RFC 7396): a value sets a field, null removes it")
            .Accepts<JsonElement>(MergePatchContentType, "application/json").WithVersionedWrite();
        return api;
    }

    public static async Task<Results<Ok<ApiResponse<TwinDesiredResponse>>, StatusCodeHttpResult, JsonHttpResult<ApiErrorResponse>>> GetDesired(
        string id, HttpContext context, TwinReferences twins)
    {
        var error = TwinVersionHeaders.TryRead(context.Request, isRead: true, out var precondition);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var twin = await twins.Get(id).GetAsync();
        return twin is null ? ApiErrors.TwinNotFound(id) : VersionedTwinResults.Read(context.Response, twin, precondition, TwinMapping.ToDesiredResponse);
    }

    public static async Task<Results<Ok<ApiResponse<TwinDesiredResponse>>, JsonHttpResult<ApiErrorResponse>>> ReplaceDesired(
        string id, JsonElement body, HttpContext context, IGrainFactory grains)
    {
        var headerError = TwinVersionHeaders.TryRead(context.Request, isRead: false, out var precondition);
        if (headerError is not null)
        {
            return ApiErrors.Validation(headerError);
        }

        var error = FieldSetReader.TryReadDictionary(body, out var desired);
        if (error is not null)
        {
            return ApiErrors.Validation($"desired state: {error.Message}");
        }

        var result = await grains.GetGrain<ITwinDesiredStateGrain>(id).ReplaceDesiredAsync(desired, precondition);
        return VersionedTwinResults.Written(context.Response, id, result, TwinMapping.ToDesiredResponse);
    }

    public static async Task<Results<Ok<ApiResponse<TwinDesiredResponse>>, JsonHttpResult<ApiErrorResponse>>> PatchDesired(
        string id, JsonElement body, HttpContext context, IGrainFactory grains)
    {
        var headerError = TwinVersionHeaders.TryRead(context.Request, isRead: false, out var precondition);
        if (headerError is not null)
        {
            return ApiErrors.Validation(headerError);
        }

        // RFC 7396 lets a patch that is not an object replace the whole document; the desired document is
        // always an object of fields, so such a patch could only make it invalid.
        var error = FieldSetReader.TryReadMergePatch(body, out var set, out var remove);
        if (error is not null)
        {
            return ApiErrors.Validation($"merge patch of desired state: {error.Message}");
        }

        var result = await grains.GetGrain<ITwinDesiredStateGrain>(id).PatchDesiredAsync(new DesiredPatch(set, remove), precondition);
        return VersionedTwinResults.Written(context.Response, id, result, TwinMapping.ToDesiredResponse);
    }
}
