using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Api.Twins;
using DigitalTwin.Grains.Commands;
using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Twins;
using DigitalTwin.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace DigitalTwin.Api.Commands;

/// <summary>
/// <c>/api/v1/commands/jobs</c>: one command to every twin a filter selects (or a list of twin ids), with
/// counts per outcome and a result per twin.
/// </summary>
internal static class CommandJobsApi
{
    private const string FilterKey = "filter";
    private const string TwinIdsKey = "twin_ids";

    public static RouteGroupBuilder MapCommandJobsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/commands/jobs").WithTags("Command jobs").RequireAuthorization(ApiPolicies.Viewer)
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        api.MapPost("/", StartCommandJob).RequireAuthorization(ApiPolicies.Operator).WithName(nameof(StartCommandJob))
            .WithSummary("Send one command to every twin a filter selects (type, status, lifecycle, metadata) or to listed twin ids");
        api.MapGet("/{jobId}", GetCommandJob).WithName(nameof(GetCommandJob)).WithSummary("Get a command job with its counts per outcome");
        api.MapGet("/{jobId}/targets", ListCommandJobTargets).WithName(nameof(ListCommandJobTargets)).WithSummary("The job's result per twin, in twin id order");
        return api;
    }

    public static async Task<Results<Accepted<ApiResponse<CommandJobResponse>>, JsonHttpResult<ApiErrorResponse>>> StartCommandJob(
        JsonElement body, IGrainFactory grains, ITwinDirectory directory, IOptions<CommandOptions> options, CancellationToken cancellationToken)
    {
        var error = CommandRequestReader.TryRead(body, options.Value, [FilterKey, TwinIdsKey], out var command);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        if (command.CommandId is not null)
        {
            return ApiErrors.Validation("'command_id' cannot be set for a job: the job gives each twin's command its own id");
        }

        var limit = options.Value.MaxJobTwins;
        var hasFilter = body.TryGetProperty(FilterKey, out var filterElement);
        var hasIds = body.TryGetProperty(TwinIdsKey, out var idsElement);
        if (hasFilter == hasIds)
        {
            return ApiErrors.Validation($"give either '{FilterKey}' (type, status, lifecycle, metadata) or '{TwinIdsKey}', not both or neither");
        }

        CommandJobRequest request;
        if (hasIds)
        {
            error = TryReadTwinIds(idsElement, limit, out var ids);
            if (error is not null)
            {
                return ApiErrors.Validation(error);
            }

            request = new CommandJobRequest { TwinIds = ids, Command = command };
        }
        else
        {
            error = TryReadFilter(filterElement, out var filter);
            if (error is not null)
            {
                return ApiErrors.Validation(error);
            }

            var selected = await directory.QueryAsync(filter with { Limit = 1 }, cancellationToken);
            if (selected.Total > limit)
            {
                return ApiErrors.Validation($"the filter selects {selected.Total} twins; a job may address at most {limit} ({CommandOptions.SectionName}:MaxJobTwins)");
            }

            request = new CommandJobRequest { Filter = filter, Command = command };
        }

        var jobId = "job-" + Guid.CreateVersion7().ToString("N");
        var job = await grains.GetGrain<ICommandJobGrain>(jobId).StartAsync(request);
        return TypedResults.Accepted($"/api/v1/commands/jobs/{jobId}", ApiResponse<CommandJobResponse>.Success(job.ToResponse()));
    }

    public static async Task<Results<Ok<ApiResponse<CommandJobResponse>>, JsonHttpResult<ApiErrorResponse>>> GetCommandJob(string jobId, IGrainFactory grains)
    {
        var job = IsJobId(jobId) ? await grains.GetGrain<ICommandJobGrain>(jobId).GetAsync() : null;
        return job is null ? JobNotFound(jobId) : TypedResults.Ok(ApiResponse<CommandJobResponse>.Success(job.ToResponse()));
    }

    public static async Task<Results<Ok<ApiResponse<CommandJobTargetListResponse>>, JsonHttpResult<ApiErrorResponse>>> ListCommandJobTargets(
        string jobId,
        IGrainFactory grains,
        [Description("Only twins with this outcome: a command status, refused or pending")] string? outcome = null,
        [Description("Twins per page, 1-1000")] int limit = 100,
        [Description("Twins to skip")] int offset = 0)
    {
        if (limit is < 1 or > TwinsApi.MaxPageSize || offset < 0)
        {
            return ApiErrors.Validation($"'limit' must be between 1 and {TwinsApi.MaxPageSize} and 'offset' 0 or more");
        }

        var outcomes = Enum.GetValues<CommandStatus>().Select(WireNames.Of).Append(CommandJob.Refused).Append("pending").ToArray();
        if (outcome is not null && !outcomes.Contains(outcome))
        {
            return ApiErrors.Validation("'outcome' must be one of: " + string.Join(", ", outcomes));
        }

        var page = IsJobId(jobId) ? await grains.GetGrain<ICommandJobGrain>(jobId).ListTargetsAsync(new CommandJobTargetQuery(outcome, limit, offset)) : null;
        return page is null
            ? JobNotFound(jobId)
            : TypedResults.Ok(ApiResponse<CommandJobTargetListResponse>.Success(
                new CommandJobTargetListResponse(page.Total, limit, offset, page.Targets.Select(t => t.ToResponse()).ToList())));
    }

    private static JsonHttpResult<ApiErrorResponse> JobNotFound(string jobId) =>
        ApiErrors.Of(StatusCodes.Status404NotFound, ApiErrorCodes.JobNotFound, $"no command job '{ApiErrors.Echo(jobId)}'");

    // Only ids the API hands out name a job: anything else would activate a grain for nothing.
    private static bool IsJobId(string jobId) => jobId.Length == 36 && jobId.StartsWith("job-", StringComparison.Ordinal) && CommandIds.IsValid(jobId);

    private static string? TryReadTwinIds(JsonElement element, int limit, out string[] ids)
    {
        ids = [];
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            return $"'{TwinIdsKey}' must be a non-empty array of twin ids";
        }

        if (element.GetArrayLength() > limit)
        {
            return $"'{TwinIdsKey}' names {element.GetArrayLength()} twins; a job may address at most {limit} ({CommandOptions.SectionName}:MaxJobTwins)";
        }

        var result = new List<string>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || !DeviceId.IsValid(item.GetString()))
            {
                return $"every entry of '{TwinIdsKey}' must be a twin id: {DeviceId.Rule}";
            }

            result.Add(item.GetString()!);
        }

        ids = [.. result.Distinct(StringComparer.Ordinal)];
        return null;
    }

    /// <summary>
    /// Reads <c>{"type","status","lifecycle","metadata":{...}}</c> with the listing's own rules, by handing
    /// the same values to the reader of <c>GET /twins</c> query parameters.
    /// </summary>
    private static string? TryReadFilter(JsonElement element, out Grains.Interfaces.Directory.TwinQuery filter)
    {
        filter = new();
        if (element.ValueKind != JsonValueKind.Object)
        {
            return $"'{FilterKey}' must be an object with type, status, lifecycle or metadata";
        }

        var parameters = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == "metadata")
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    return $"'{FilterKey}.metadata' must be an object of field values";
                }

                foreach (var field in property.Value.EnumerateObject())
                {
                    if (!TryText(field.Value, out var text))
                    {
                        return $"'{FilterKey}.metadata.{field.Name}' must be a string, number or boolean";
                    }

                    parameters[TwinQueryReader.MetadataPrefix + field.Name] = text;
                }
            }
            else if (property.Name is "type" or "status" or "lifecycle")
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return $"'{FilterKey}.{property.Name}' must be a string";
                }

                parameters[property.Name] = property.Value.GetString();
            }
            else
            {
                return $"'{FilterKey}' takes type, status, lifecycle and metadata, not '{property.Name}'";
            }
        }

        var query = new QueryCollection(parameters);
        return TwinQueryReader.TryRead(
            query, Value(query, "type"), Value(query, "status"), Value(query, "lifecycle"), TwinsApi.MaxPageSize, null, null, null, out filter);
    }

    private static string? Value(IQueryCollection query, string name) => query.TryGetValue(name, out var value) ? value.ToString() : null;

    private static bool TryText(JsonElement value, out string text)
    {
        text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetDouble().ToString(CultureInfo.InvariantCulture),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => "",
        };
        return value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;
    }
}
