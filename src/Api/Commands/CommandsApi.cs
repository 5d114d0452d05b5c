using System.ComponentModel;
using System.Text.Json;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Api.Twins;
using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Commands;

/// <summary>
/// <c>/api/v1/twins/{id}/command(s)</c>: send a command to a twin's device, follow it to its ack, list and
/// cancel commands. A command is answered 202 while it is unfinished and 200 once it is final.
/// </summary>
internal static class CommandsApi
{
    public const int MaxPageSize = 100;

    private const string WaitDescription = "Answer when the command is finished or after this long, whichever is first: 5s, 500ms or seconds (at most 25 s)";

    public static RouteGroupBuilder MapCommandsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/twins/{id}").WithTags("Commands").RequireAuthorization(ApiPolicies.Viewer).AddEndpointFilter<TwinIdFilter>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);
        api.MapPost("/command", SendCommand).RequireAuthorization(ApiPolicies.Operator).WithName(nameof(SendCommand))
            .WithSummary("Send a command to the twin's device: checked against its device type, queued while it is offline, tracked to its ack");
        api.MapPost("/commands", SendCommand).RequireAuthorization(ApiPolicies.Operator).WithName("SendCommandToCollection").WithSummary("Send a command (same as POST .../command)");
        api.MapGet("/commands", ListCommands).WithName(nameof(ListCommands)).WithSummary("List the twin's commands, newest first");
        api.MapGet("/commands/{commandId}", GetCommand).WithName(nameof(GetCommand)).WithSummary("Get one command; with wait, when it finishes");
        api.MapDelete("/commands/{commandId}", CancelCommand).RequireAuthorization(ApiPolicies.Operator).WithName(nameof(CancelCommand)).WithSummary("Cancel an unfinished command");
        return api;
    }

    public static async Task<Results<Ok<ApiResponse<CommandResponse>>, Accepted<ApiResponse<CommandResponse>>, JsonHttpResult<ApiErrorResponse>>> SendCommand(
        string id, JsonElement body, IGrainFactory grains, IOptions<CommandOptions> options, [Description(WaitDescription)] string? wait = null)
    {
        CommandRequest request = null!;
        var waitError = CommandRequestReader.TryReadWait(wait, out var waitFor);
        var error = waitError ?? CommandRequestReader.TryRead(body, options.Value, [], out request);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var twin = grains.GetGrain<ITwinCommandsGrain>(id);
        var result = await twin.SendCommandAsync(request);
        if (!result.Succeeded)
        {
            return ApiErrors.FromCommand(id, result);
        }

        var command = result.Command!;
        if (waitFor > TimeSpan.Zero && !command.IsFinal)
        {
            command = await twin.WaitForCommandAsync(command.CommandId, waitFor) ?? command;
        }

        return Answer(command, result.Status == CommandResultStatus.Existing);
    }

    public static async Task<Results<Ok<ApiResponse<CommandListResponse>>, JsonHttpResult<ApiErrorResponse>>> ListCommands(
        string id,
        IGrainFactory grains,
        [Description("Only commands in this status: queued, sent, succeeded, failed, timed_out, expired or cancelled")] string? status = null,
        [Description("Commands per page, 1-100")] int limit = 20,
        [Description("Commands to skip")] int offset = 0)
    {
        CommandStatus? filter = null;
        if (status is not null)
        {
            if (!TryParseStatus(status, out var parsed))
            {
                return ApiErrors.Validation("'status' must be one of: " + string.Join(", ", Enum.GetValues<CommandStatus>().Select(WireNames.Of)));
            }

            filter = parsed;
        }

        if (limit is < 1 or > MaxPageSize || offset < 0)
        {
            return ApiErrors.Validation($"'limit' must be between 1 and {MaxPageSize} and 'offset' 0 or more");
        }

        var page = await grains.GetGrain<ITwinCommandsGrain>(id).ListCommandsAsync(new CommandQuery(filter, limit, offset));
        return page is null
            ? ApiErrors.TwinNotFound(id)
            : TypedResults.Ok(ApiResponse<CommandListResponse>.Success(
                new CommandListResponse(page.Total, limit, offset, page.Commands.Select(c => c.ToResponse()).ToList(), page.UnmatchedAcks)));
    }

    public static async Task<Results<Ok<ApiResponse<CommandResponse>>, Accepted<ApiResponse<CommandResponse>>, JsonHttpResult<ApiErrorResponse>>> GetCommand(
        string id, string commandId, IGrainFactory grains, [Description(WaitDescription)] string? wait = null)
    {
        var error = CommandRequestReader.TryReadWait(wait, out var waitFor);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var twin = grains.GetGrain<ITwinCommandsGrain>(id);
        var command = waitFor > TimeSpan.Zero ? await twin.WaitForCommandAsync(commandId, waitFor) : await twin.GetCommandAsync(commandId);
        if (command is null)
        {
            return await twin.AsReference<ITwinGrain>().GetAsync() is null ? ApiErrors.TwinNotFound(id) : ApiErrors.CommandNotFound(id, commandId);
        }

        return Answer(command, existing: false);
    }

    public static async Task<Results<Ok<ApiResponse<CommandResponse>>, JsonHttpResult<ApiErrorResponse>>> CancelCommand(string id, string commandId, IGrainFactory grains)
    {
        var result = await grains.GetGrain<ITwinCommandsGrain>(id).CancelCommandAsync(commandId);
        return result.Succeeded
            ? TypedResults.Ok(ApiResponse<CommandResponse>.Success(result.Command!.ToResponse()))
            : ApiErrors.FromCommand(id, result);
    }

    /// <summary>A finished command (or a repeated request for one) is 200; an unfinished one 202 with where to follow it.</summary>
    private static Results<Ok<ApiResponse<CommandResponse>>, Accepted<ApiResponse<CommandResponse>>, JsonHttpResult<ApiErrorResponse>> Answer(CommandView command, bool existing)
    {
        var body = ApiResponse<CommandResponse>.Success(command.ToResponse());
        return command.IsFinal || existing
            ? TypedResults.Ok(body)
            : TypedResults.Accepted($"/api/v1/twins/{command.TwinId}/commands/{command.CommandId}", body);
    }

    private static bool TryParseStatus(string text, out CommandStatus status)
    {
        foreach (var candidate in Enum.GetValues<CommandStatus>())
        {
            if (WireNames.Of(candidate) == text)
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
