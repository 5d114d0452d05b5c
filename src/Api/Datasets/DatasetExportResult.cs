using System.Globalization;
using System.Reflection;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Api.Datasets;

/// <summary>
/// Streams the windows of an export as a dataset file in the observed column set (identity, then every feature in
/// catalogue order: all of them whatever the rows' versions, a feature a row's version does not define left empty
/// in CSV and null in Parquet, as is one not measured) through the dataset writers the simulator uses too, so both
/// files share one column model.
/// CSV goes straight to the response; Parquet, whose writer needs a seekable stream, is written to a temporary
/// file that is deleted when sent. Memory stays bounded either way. A failure after the first bytes cannot
/// change the status any more: the connection is aborted, so the client sees a truncated transfer, never a
/// short file that looks complete.
/// </summary>
internal sealed partial class DatasetExportResult(NetworkExportQuery query, DatasetFormat format) : IResult, IEndpointMetadataProvider
{
    public const string CsvContentType = "text/csv";
    public const string ParquetContentType = "application/vnd.apache.parquet";

    public string FileName => string.Create(
        CultureInfo.InvariantCulture,
        $"network-windows_{query.From.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}_{query.To.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.{(format == DatasetFormat.Csv ? "csv" : "parquet")}");

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(byte[]), [CsvContentType, ParquetContentType]));

    public async Task ExecuteAsync(HttpContext context)
    {
        var history = context.RequestServices.GetRequiredService<INetworkWindowHistory>();
        var metrics = context.RequestServices.GetRequiredService<NetworkMetrics>();
        var logger = context.RequestServices.GetRequiredService<ILogger<DatasetExportResult>>();
        var cancellationToken = context.RequestAborted;
        var response = context.Response;
        response.ContentType = format == DatasetFormat.Csv ? CsvContentType : ParquetContentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{FileName}\"";

        long rows = 0;
        try
        {
            if (format == DatasetFormat.Csv)
            {
                rows = await WriteAsync(history, new DatasetCsvWriter(response.Body, DatasetColumnSet.Observed, leaveOpen: true), cancellationToken);
            }
            else
            {
                await using var file = new FileStream(
                    Path.Combine(Path.GetTempPath(), $"dtn-export-{Guid.NewGuid():N}.parquet"),
                    FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                rows = await WriteAsync(history, new DatasetParquetWriter(file, DatasetColumnSet.Observed, leaveOpen: true), cancellationToken);
                response.ContentLength = file.Length;
                file.Position = 0;
                await file.CopyToAsync(response.Body, cancellationToken);
            }

            metrics.WindowsExported(rows);
            LogExported(logger, rows, query.From, query.To);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogCancelled(logger, rows);
        }
        catch (Exception ex) when (response.HasStarted)
        {
            LogFailed(logger, ex, rows);
            context.Abort();
        }
    }

    private async Task<long> WriteAsync(INetworkWindowHistory history, IDatasetWriter writer, CancellationToken cancellationToken)
    {
        await using (writer)
        {
            await foreach (var observed in history.ExportAsync(query, cancellationToken))
            {
                var window = observed.Window;
                var values = FeatureValues.ForVersion(window.Values, window.SchemaVersion);
                var row = new DatasetRow(observed.DeviceId, observed.DeviceType, new NetworkWindow(window.Start, window.Seconds, values, window.SchemaVersion));
                await writer.WriteAsync(row, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
            return writer.RowsWritten;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exported {Rows} network windows from {From:O} to {To:O}")]
    private static partial void LogExported(ILogger logger, long rows, DateTimeOffset from, DateTimeOffset to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Export cancelled by the client after {Rows} windows")]
    private static partial void LogCancelled(ILogger logger, long rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "Export failed after {Rows} windows; the connection is aborted")]
    private static partial void LogFailed(ILogger logger, Exception exception, long rows);
}
