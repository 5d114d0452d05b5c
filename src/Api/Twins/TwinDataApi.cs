using System.ComponentModel;
using System.Text.Json;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.History;
using DigitalTwin.Wire.Payloads;
using DigitalTwin.Grains.Twins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Twins;

/// <summary><c>/api/v1/twins/{id}/state|telemetry|metadata</c>: a twin's reported state, telemetry history and metadata.</summary>
internal static class TwinDataApi
{
    public static RouteGroupBuilder MapTwinDataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/twins/{id}").WithTags("Twin state").RequireAuthorization(ApiPolicies.Viewer).AddEndpointFilter<TwinIdFilter>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/state", GetState).WithName(nameof(GetState)).WithSummary("Get a twin's reported state").WithVersionedRead();
        api.MapPut("/state", UpdateState).RequireAuthorization(ApiPolicies.Admin).WithName(nameof(UpdateState)).WithSummary("Write reported values (merged, stamped with the server time)")
            .WithVersionedWrite();
        api.MapGet("/telemetry", GetTelemetry).WithName(nameof(GetTelemetry))
            .WithSummary("Telemetry in a time range: points newest first, or with interval and agg (avg|min|max|sum|count) per-bucket aggregates");
        api.MapGet("/metadata", GetMetadata).WithName(nameof(GetMetadata)).WithSummary("Get a twin's metadata").WithVersionedRead();
        api.MapPut("/metadata", ReplaceMetadata).RequireAuthorization(ApiPolicies.Admin).WithName(nameof(ReplaceMetadata)).WithSummary("Replace a twin's metadata").WithVersionedWrite();
        return api;
    }

    public static async Task<Results<Ok<ApiResponse<TwinStateResponse>>, StatusCodeHttpResult, JsonHttpResult<ApiErrorResponse>>> GetState(
        string id, HttpContext context, TwinReferences twins)
    {
        var error = TwinVersionHeaders.TryRead(context.Request, isRead: true, out var precondition);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var twin = await twins.Get(id).GetAsync();
        return twin is null ? ApiErrors.TwinNotFound(id) : VersionedTwinResults.Read(context.Response, twin, precondition, ToState);
    }

    public static async Task<Results<Ok<ApiResponse<TwinStateResponse>>, JsonHttpResult<ApiErrorResponse>>> UpdateState(
        string id, JsonElement body, HttpContext context, TwinReferences twins)
    {
        var headerError = TwinVersionHeaders.TryRead(context.Request, isRead: false, out var precondition);
        if (headerError is not null)
        {
            return ApiErrors.Validation(headerError);
        }

        var error = FieldSetReader.TryRead(body, out var values);
        if (error is not null)
        {
            return ApiErrors.Validation(error.Message);
        }

        if (values.Length == 0)
        {
            return ApiErrors.Validation("the body carries no fields");
        }

        var result = await twins.Get(id).UpdateReportedStateAsync(values, precondition);
        return VersionedTwinResults.Written(context.Response, id, result, ToState);
    }

    public static async Task<Results<Ok<ApiResponse<TelemetryResponse>>, Ok<ApiResponse<TelemetryAggregateResponse>>, JsonHttpResult<ApiErrorResponse>>> GetTelemetry(
        string id,
        ITelemetryHistory history,
        TimeProvider clock,
        CancellationToken cancellationToken,
        [Description("Earliest time, ISO 8601")] DateTimeOffset? from = null,
        [Description("Latest time, ISO 8601")] DateTimeOffset? to = null,
        [Description("Older name of 'from'")] DateTimeOffset? start = null,
        [Description("Older name of 'to'")] DateTimeOffset? end = null,
        int limit = 100,
        string? interval = null,
        string? agg = null,
        string? keys = null)
    {
        // Every route names its range from/to; start/end stay accepted, and errors use the names the caller used.
        if ((from is not null && start is not null) || (to is not null && end is not null))
        {
            return ApiErrors.Validation("give the range as 'from' and 'to' (or their older names 'start' and 'end'), not both");
        }

        var names = start is not null || end is not null ? new TimeRangeNames("start", "end") : new TimeRangeNames("from", "to");
        from ??= start;
        to ??= end;
        if (interval is not null || agg is not null || keys is not null)
        {
            var error = TelemetryRequestReader.TryReadAggregation(interval, agg, keys, from, to, names, clock.GetUtcNow(), out var aggregation);
            if (error is not null)
            {
                return ApiErrors.Validation(error);
            }

            var buckets = await history.AggregateAsync(id, aggregation, cancellationToken);
            if (buckets is null)
            {
                return ApiErrors.TwinNotFound(id);
            }

            var response = new TelemetryAggregateResponse(
                id, aggregation.Start, aggregation.End, interval!, aggregation.Function.ToString().ToLowerInvariant(), buckets.Length,
                [.. buckets.Select(b => new TelemetryBucketResponse(b.Start, b.Values))]);
            return TypedResults.Ok(ApiResponse<TelemetryAggregateResponse>.Success(response));
        }

        if (limit is < 1 or > TwinsApi.MaxPageSize)
        {
            return ApiErrors.Validation($"'limit' must be between 1 and {TwinsApi.MaxPageSize}");
        }

        if (from > to)
        {
            return ApiErrors.Validation($"'{names.From}' must not be after '{names.To}'");
        }

        var points = await history.ReadAsync(id, new TelemetryQuery(from, to, limit), cancellationToken);
        if (points is null)
        {
            return ApiErrors.TwinNotFound(id);
        }

        var telemetry = points.Select(p => p.ToPoint()).ToList();
        return TypedResults.Ok(ApiResponse<TelemetryResponse>.Success(new TelemetryResponse(id, telemetry.Count, telemetry)));
    }

    public static async Task<Results<Ok<ApiResponse<TwinMetadataResponse>>, StatusCodeHttpResult, JsonHttpResult<ApiErrorResponse>>> GetMetadata(
        string id, HttpContext context, TwinReferences twins)
    {
        var error = TwinVersionHeaders.TryRead(context.Request, isRead: true, out var precondition);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var twin = await twins.Get(id).GetAsync();
        return twin is null ? ApiErrors.TwinNotFound(id) : VersionedTwinResults.Read(context.Response, twin, precondition, ToMetadata);
    }

    public static async Task<Results<Ok<ApiResponse<TwinMetadataResponse>>, JsonHttpResult<ApiErrorResponse>>> ReplaceMetadata(
        string id, JsonElement body, HttpContext context, TwinReferences twins)
    {
        var error = TwinVersionHeaders.TryRead(context.Request, isRead: false, out var precondition);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        error = TwinRequests.TryReadFields("metadata", body, out var metadata);
        if (error is not null || body.ValueKind != JsonValueKind.Object)
        {
            return ApiErrors.Validation(error ?? "'metadata': expected a JSON object of fields");
        }

        var result = await twins.Get(id).ReplaceMetadataAsync(metadata, precondition);
        return VersionedTwinResults.Written(context.Response, id, result, ToMetadata);
    }

    private static TwinMetadataResponse ToMetadata(TwinSnapshot twin) => new(twin.Id, TwinMapping.ToObjects(twin.Metadata), twin.Version);

    private static TwinStateResponse ToState(TwinSnapshot twin)
    {
        var response = twin.ToResponse();
        return new TwinStateResponse(twin.Id, response.State, response.StateUpdatedAt, twin.Version, twin.LastUpdated);
    }
}
