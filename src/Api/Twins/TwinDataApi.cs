using System.Text.Json;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Payloads;
using DigitalTwin.Grains.History;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Twins;

/// <summary><c>/api/v1/twins/{id}/state|telemetry|metadata</c>: a twin's reported state, telemetry history and metadata.</summary>
public static class TwinDataApi
{
    public static RouteGroupBuilder MapTwinDataApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/twins/{id}").WithTags("Twin state").RequireAuthorization(ApiPolicies.Api).AddEndpointFilter<TwinIdFilter>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/state", GetState).WithName(nameof(GetState)).WithSummary("Get a twin's reported state");
        api.MapPut("/state", UpdateState).WithName(nameof(UpdateState)).WithSummary("Write reported values (merged, stamped with the server time)");
        api.MapGet("/telemetry", GetTelemetry).WithName(nameof(GetTelemetry))
            .WithSummary("Telemetry in a time range: points newest first, or with interval and agg (avg|min|max|sum|count) per-bucket aggregates");
        api.MapGet("/metadata", GetMetadata).WithName(nameof(GetMetadata)).WithSummary("Get a twin's metadata");
        api.MapPut("/metadata", ReplaceMetadata).WithName(nameof(ReplaceMetadata)).WithSummary("Replace a twin's metadata");
        return api;
    }

    public static async Task<Results<Ok<ApiResponse<TwinStateResponse>>, JsonHttpResult<ApiErrorResponse>>> GetState(string id, IGrainFactory grains)
    {
        var twin = await grains.GetGrain<ITwinGrain>(id).GetAsync();
        return twin is null ? ApiErrors.TwinNotFound(id) : TypedResults.Ok(ApiResponse<TwinStateResponse>.Success(ToState(twin)));
    }

    public static async Task<Results<Ok<ApiResponse<TwinStateResponse>>, JsonHttpResult<ApiErrorResponse>>> UpdateState(
        string id, JsonElement body, IGrainFactory grains)
    {
        var error = FieldSetReader.TryRead(body, out var values);
        if (error is not null)
        {
            return ApiErrors.Validation(error.Message);
        }

        if (values.Length == 0)
        {
            return ApiErrors.Validation("the body carries no fields");
        }

        var result = await grains.GetGrain<ITwinGrain>(id).UpdateReportedStateAsync(values);
        return result.Succeeded ? TypedResults.Ok(ApiResponse<TwinStateResponse>.Success(ToState(result.Twin!))) : ApiErrors.FromWrite(id, result);
    }

    public static async Task<Results<Ok<ApiResponse<TelemetryResponse>>, Ok<ApiResponse<TelemetryAggregateResponse>>, JsonHttpResult<ApiErrorResponse>>> GetTelemetry(
        string id,
        ITelemetryHistory history,
        TimeProvider clock,
        CancellationToken cancellationToken,
        DateTimeOffset? start = null,
        DateTimeOffset? end = null,
        int limit = 100,
        string? interval = null,
        string? agg = null,
        string? keys = null)
    {
        if (interval is not null || agg is not null || keys is not null)
        {
            var error = TelemetryRequestReader.TryReadAggregation(interval, agg, keys, start, end, clock.GetUtcNow(), out var aggregation);
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

        if (start is { } from && end is { } to && from > to)
        {
            return ApiErrors.Validation("'start' must not be after 'end'");
        }

        var points = await history.ReadAsync(id, new TelemetryQuery(start, end, limit), cancellationToken);
        if (points is null)
        {
            return ApiErrors.TwinNotFound(id);
        }

        var telemetry = points.Select(p => p.ToPoint()).ToList();
        return TypedResults.Ok(ApiResponse<TelemetryResponse>.Success(new TelemetryResponse(id, telemetry.Count, telemetry)));
    }

    public static async Task<Results<Ok<ApiResponse<TwinMetadataResponse>>, JsonHttpResult<ApiErrorResponse>>> GetMetadata(string id, IGrainFactory grains)
    {
        var twin = await grains.GetGrain<ITwinGrain>(id).GetAsync();
        return twin is null
            ? ApiErrors.TwinNotFound(id)
            : TypedResults.Ok(ApiResponse<TwinMetadataResponse>.Success(new TwinMetadataResponse(id, TwinMapping.ToObjects(twin.Metadata), twin.Version)));
    }

    public static async Task<Results<Ok<ApiResponse<TwinMetadataResponse>>, JsonHttpResult<ApiErrorResponse>>> ReplaceMetadata(
        string id, JsonElement body, IGrainFactory grains)
    {
        var error = TwinRequests.TryReadFields("metadata", body, out var metadata);
        if (error is not null || body.ValueKind != JsonValueKind.Object)
        {
            return ApiErrors.Validation(error ?? "'metadata': expected a JSON object of fields");
        }

        var result = await grains.GetGrain<ITwinGrain>(id).ReplaceMetadataAsync(metadata);
        return result.Succeeded
            ? TypedResults.Ok(ApiResponse<TwinMetadataResponse>.Success(new TwinMetadataResponse(id, TwinMapping.ToObjects(result.Twin!.Metadata), result.Twin.Version)))
            : ApiErrors.FromWrite(id, result);
    }

    private static TwinStateResponse ToState(TwinSnapshot twin)
    {
        var response = twin.ToResponse();
        return new TwinStateResponse(twin.Id, response.State, response.StateUpdatedAt, twin.Version, twin.LastUpdated);
    }
}
