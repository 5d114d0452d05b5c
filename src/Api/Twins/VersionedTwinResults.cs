using DigitalTwin.Api.Envelope;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DigitalTwin.Api.Twins;

/// <summary>
/// Results of the endpoints that answer with one twin: the twin's version goes out as <c>ETag</c>, and a
/// read honours If-Match (412) and If-None-Match (304) with the same rules the twin applies to writes.
/// </summary>
internal static class VersionedTwinResults
{
    /// <summary>A read of the twin: 412 when If-Match fails, 304 without a body when If-None-Match names its version.</summary>
    public static Results<Ok<ApiResponse<T>>, StatusCodeHttpResult, JsonHttpResult<ApiErrorResponse>> Read<T>(
        HttpResponse response, TwinSnapshot twin, TwinPrecondition? precondition, Func<TwinSnapshot, T> toData)
    {
        if (!PreconditionRules.IfMatchHolds(precondition, exists: true, twin.Version))
        {
            return ApiErrors.PreconditionFailed(PreconditionRules.Explain(twin.Id, precondition, exists: true, twin.Version));
        }

        TwinVersionHeaders.SetETag(response, twin.Version);
        return PreconditionRules.IfNoneMatchHolds(precondition, exists: true, twin.Version)
            ? TypedResults.Ok(ApiResponse<T>.Success(toData(twin)))
            : TypedResults.StatusCode(StatusCodes.Status304NotModified);
    }

    /// <summary>The outcome of a write: the twin afterwards with its new version as ETag, or the error.</summary>
    public static Results<Ok<ApiResponse<T>>, JsonHttpResult<ApiErrorResponse>> Written<T>(
        HttpResponse response, string id, TwinWriteResult result, Func<TwinSnapshot, T> toData)
    {
        if (!result.Succeeded)
        {
            return ApiErrors.FromWrite(id, result);
        }

        TwinVersionHeaders.SetETag(response, result.Twin!.Version);
        return TypedResults.Ok(ApiResponse<T>.Success(toData(result.Twin)));
    }
}
