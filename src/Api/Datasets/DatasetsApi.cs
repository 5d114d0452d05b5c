using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Datasets;

/// <summary><c>/api/v1/datasets/export</c>: every network window the twins observed in a range, as a CSV or Parquet dataset.</summary>
public static class DatasetsApi
{
    public static RouteGroupBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/datasets").WithTags("Datasets").RequireAuthorization(ApiPolicies.Api)
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        api.MapGet("/export", ExportDataset).WithName(nameof(ExportDataset))
            .WithSummary("Every network window the twins observed with a start in from..to (default: the last hour), as csv (default) or parquet; optionally of one device type or one twin");
        return api;
    }

    public static async Task<Results<DatasetExportResult, JsonHttpResult<ApiErrorResponse>>> ExportDataset(
        IGrainFactory grains,
        IOptions<NetworkOptions> options,
        TimeProvider clock,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        string? format = null,
        string? type = null,
        [FromQuery(Name = "twin_id")] string? twinId = null)
    {
        var error = DatasetExportReader.TryRead(from, to, format, type, twinId, clock.GetUtcNow(), options.Value.MaxExportHours, out var query, out var datasetFormat);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        if (twinId is not null && await grains.GetGrain<ITwinGrain>(twinId).GetAsync() is null)
        {
            return ApiErrors.TwinNotFound(twinId);
        }

        return new DatasetExportResult(query, datasetFormat);
    }
}
