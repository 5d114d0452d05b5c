using DigitalTwin.Grains.Interfaces.Twins;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DigitalTwin.Api.Envelope;

/// <summary>Builds error results in the envelope, and maps twin write outcomes to them.</summary>
public static class ApiErrors
{
    public static JsonHttpResult<ApiErrorResponse> Of(int status, string code, string message) =>
        TypedResults.Json(ApiErrorResponse.Of(code, message), statusCode: status);

    public static JsonHttpResult<ApiErrorResponse> Validation(string message) =>
        Of(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationError, message);

    public static JsonHttpResult<ApiErrorResponse> TwinNotFound(string id) =>
        Of(StatusCodes.Status404NotFound, ApiErrorCodes.TwinNotFound, $"Twin with ID {id} not found");

    public static JsonHttpResult<ApiErrorResponse> FromWrite(string id, TwinWriteResult result) => result.Status switch
    {
        TwinWriteStatus.NotFound => TwinNotFound(id),
        TwinWriteStatus.AlreadyExists => Of(StatusCodes.Status409Conflict, ApiErrorCodes.TwinAlreadyExists, result.Reason ?? $"Twin with ID {id} already exists"),
        TwinWriteStatus.Decommissioned => Of(StatusCodes.Status409Conflict, ApiErrorCodes.TwinDecommissioned, result.Reason ?? $"Twin with ID {id} is decommissioned"),
        TwinWriteStatus.TooManyFields => Of(StatusCodes.Status409Conflict, ApiErrorCodes.TooManyFields, result.Reason ?? "too many reported fields"),
        TwinWriteStatus.Stale => Of(StatusCodes.Status409Conflict, ApiErrorCodes.StaleWrite, result.Reason ?? "the twin holds newer values"),
        TwinWriteStatus.InvalidTransition => Of(StatusCodes.Status409Conflict, ApiErrorCodes.InvalidLifecycleTransition, result.Reason ?? "invalid lifecycle transition"),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Status, "not an error outcome"),
    };
}
