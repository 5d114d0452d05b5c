using System.ComponentModel;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Network;
using DigitalTwin.Grains.Twins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Datasets;

/// <summary>
/// <c>/api/v1/datasets/export</c>: every network window the twins observed in a range, as a CSV or Parquet dataset.
/// One file holds windows of one feature schema version unless the request asks for more: the same feature name
/// means different numbers in two versions, and a file that mixed them silently would mislead whoever trains on it.
/// </summary>
internal static class DatasetsApi
{
    public static RouteGroupBuilder MapDatasetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/datasets").WithTags("Datasets").RequireAuthorization(ApiPolicies.Viewer)
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapGet("/export", ExportDataset).WithName(nameof(ExportDataset))
            .WithSummary("Every network window the twins observed with a start in from..to (default: the last hour), as csv (default) or parquet; optionally of one device type, one twin or one feature schema version. Windows of several schema versions are refused with 409 MIXED_SCHEMA_VERSIONS unless schema_version or mixed_schema_versions=true says what to export");
        return api;
    }

    public static async Task<Results<DatasetExportResult, JsonHttpResult<ApiErrorResponse>>> ExportDataset(
        TwinReferences twins,
        INetworkWindowHistory history,
        IOptions<NetworkOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken,
        [Description("Earliest window start, ISO 8601 (default: an hour before to)")] DateTimeOffset? from = null,
        [Description("Windows start before this time, ISO 8601 (default: now)")] DateTimeOffset? to = null,
        [Description("csv (default) or parquet")] string? format = null,
        [Description("Only twins of this device type")] string? type = null,
        [FromQuery(Name = "twin_id"), Description("Only this twin")] string? twinId = null,
        [FromQuery(Name = "schema_version"), Description("Only windows of this feature schema version (1, 2 or 3; 3 is current)")] int? schemaVersion = null,
        [FromQuery(Name = "mixed_schema_versions"), Description("true: windows of every schema version in one file, each row saying its own; without it or schema_version, a range of several versions is refused")] bool mixedSchemaVersions = false)
    {
        var error = DatasetExportReader.TryRead(
            from, to, format, type, twinId, schemaVersion, mixedSchemaVersions, clock.GetUtcNow(), options.Value.MaxExportHours, out var query, out var datasetFormat);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        if (twinId is not null && await twins.Get(twinId).GetAsync() is null)
        {
            return ApiErrors.TwinNotFound(twinId);
        }

        if (schemaVersion is null && !mixedSchemaVersions
            && await history.FindSchemaVersionsAsync(query, cancellationToken) is { Count: > 1 } versions)
        {
            return ApiErrors.Of(StatusCodes.Status409Conflict, ApiErrorCodes.MixedSchemaVersions,
                $"the windows in this range follow feature schema versions {Enumerate(versions)}, whose features mean different things: " +
                $"add schema_version={versions[^1]} (or another of them) for one version, or mixed_schema_versions=true for all of them, each row saying its own");
        }

        return new DatasetExportResult(query, datasetFormat);
    }

    /// <summary>"1 and 2", "1, 2 and 3".</summary>
    private static string Enumerate(IReadOnlyList<int> versions) =>
        versions.Count == 1 ? $"{versions[0]}" : $"{string.Join(", ", versions.Take(versions.Count - 1))} and {versions[^1]}";
}
