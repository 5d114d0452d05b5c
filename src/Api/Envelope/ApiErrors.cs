using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Twins;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DigitalTwin.Api.Envelope;

/// <summary>Builds error results in the envelope, and maps twin write outcomes to them.</summary>
internal static class ApiErrors
{
    /// <summary>Caller text as an error message quotes it: cut to <paramref name="max"/> characters, so a hostile value cannot bloat the answer.</summary>
    public static string Echo(string text, int max = 80) => text.Length <= max ? text : text[..max] + "...";

    public static JsonHttpResult<ApiErrorResponse> Of(int status, string code, string message) =>
        TypedResults.Json(ApiErrorResponse.Of(code, message), statusCode: status);

    public static JsonHttpResult<ApiErrorResponse> Validation(string message) =>
        Of(StatusCodes.Status400BadRequest, ApiErrorCodes.ValidationError, message);

    public static JsonHttpResult<ApiErrorResponse> TwinNotFound(string id) =>
        Of(StatusCodes.Status404NotFound, ApiErrorCodes.TwinNotFound, $"Twin with ID {id} not found");

    public static JsonHttpResult<ApiErrorResponse> AlertNotFound(string alertId) =>
        Of(StatusCodes.Status404NotFound, ApiErrorCodes.AlertNotFound, $"Alert with ID {alertId} not found");

    /// <summary>412: the twin's version or existence does not satisfy If-Match or If-None-Match.</summary>
    public static JsonHttpResult<ApiErrorResponse> PreconditionFailed(string message) =>
        Of(StatusCodes.Status412PreconditionFailed, ApiErrorCodes.PreconditionFailed, message);

    public static JsonHttpResult<ApiErrorResponse> CommandNotFound(string id, string commandId) =>
        Of(StatusCodes.Status404NotFound, ApiErrorCodes.CommandNotFound, $"twin '{id}' has no command '{commandId}'");

    public static JsonHttpResult<ApiErrorResponse> FromCommand(string id, CommandResult result) => result.Status switch
    {
        CommandResultStatus.TwinNotFound => TwinNotFound(id),
        CommandResultStatus.TwinNotActive => Of(StatusCodes.Status409Conflict, ApiErrorCodes.TwinNotActive, result.Reason ?? $"Twin with ID {id} takes no commands"),
        CommandResultStatus.UnknownAction => Of(StatusCodes.Status400BadRequest, ApiErrorCodes.UnknownAction, result.Reason ?? "unknown action"),
        CommandResultStatus.InvalidParameters => Of(StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidParameters, result.Reason ?? "invalid parameters"),
        CommandResultStatus.QueueFull => Of(StatusCodes.Status429TooManyRequests, ApiErrorCodes.CommandQueueFull, result.Reason ?? "too many unfinished commands"),
        CommandResultStatus.CommandIdConflict => Of(StatusCodes.Status409Conflict, ApiErrorCodes.CommandIdConflict, result.Reason ?? "command id in use"),
        CommandResultStatus.CommandNotFound => Of(StatusCodes.Status404NotFound, ApiErrorCodes.CommandNotFound, result.Reason ?? "no such command"),
        CommandResultStatus.AlreadyFinished => Of(StatusCodes.Status409Conflict, ApiErrorCodes.CommandFinished, result.Reason ?? "the command is finished"),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Status, "not an error outcome"),
    };

    public static JsonHttpResult<ApiErrorResponse> FromWrite(string id, TwinWriteResult result) => result.Status switch
    {
        TwinWriteStatus.NotFound => TwinNotFound(id),
        TwinWriteStatus.AlreadyExists => Of(StatusCodes.Status409Conflict, ApiErrorCodes.TwinAlreadyExists, result.Reason ?? $"Twin with ID {id} already exists"),
        TwinWriteStatus.Decommissioned => Of(StatusCodes.Status409Conflict, ApiErrorCodes.TwinDecommissioned, result.Reason ?? $"Twin with ID {id} is decommissioned"),
        TwinWriteStatus.TooManyFields => Of(StatusCodes.Status409Conflict, ApiErrorCodes.TooManyFields, result.Reason ?? "too many reported fields"),
        TwinWriteStatus.Stale => Of(StatusCodes.Status409Conflict, ApiErrorCodes.StaleWrite, result.Reason ?? "the twin holds newer values"),
        TwinWriteStatus.InvalidTransition => Of(StatusCodes.Status409Conflict, ApiErrorCodes.InvalidLifecycleTransition, result.Reason ?? "invalid lifecycle transition"),
        TwinWriteStatus.PreconditionFailed => PreconditionFailed(result.Reason ?? $"Twin with ID {id} does not satisfy the request's precondition"),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result.Status, "not an error outcome"),
    };
}
