using DigitalTwin.Api.Envelope;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Grains.Network;
using DigitalTwin.Grains.Twins;
using DigitalTwin.Wire.Payloads;

namespace DigitalTwin.Api.Datasets;

/// <summary>Validates the parameters of <c>GET /api/v1/datasets/export</c> before anything is read.</summary>
internal static class DatasetExportReader
{
    /// <summary>The range an export without <c>from</c> covers, back from <c>to</c>.</summary>
    public static readonly TimeSpan DefaultRange = TimeSpan.FromHours(1);

    public static string? TryRead(
        DateTimeOffset? from, DateTimeOffset? to, string? format, string? type, string? twinId, int? schemaVersion, bool mixedSchemaVersions,
        DateTimeOffset now, int maxHours, out NetworkExportQuery query, out DatasetFormat datasetFormat)
    {
        query = null!;
        datasetFormat = DatasetFormat.Csv;
        switch (format)
        {
            case null or "csv":
                break;
            case "parquet":
                datasetFormat = DatasetFormat.Parquet;
                break;
            default:
                return $"'format' must be csv or parquet, not '{ApiErrors.Echo(format)}'";
        }

        if (type is not null && !FieldSetReader.IsValidName(type))
        {
            return $"'type' must be a device type: {FieldLimits.NameRule}";
        }

        if (twinId is not null && !DeviceId.IsValid(twinId))
        {
            return $"'{ApiErrors.Echo(twinId)}' is not a valid twin id: {DeviceId.Rule}";
        }

        if (schemaVersion is { } version && !FeatureCatalog.IsSupported(version))
        {
            return $"'schema_version' must be a feature schema version this platform reads ({string.Join(", ", FeatureCatalog.SupportedSchemaVersions)}), not {version}";
        }

        if (schemaVersion is not null && mixedSchemaVersions)
        {
            return "give either 'schema_version' (windows of one version) or 'mixed_schema_versions=true' (every version), not both";
        }

        var end = to ?? now;
        var start = from ?? end - DefaultRange;
        if (start >= end)
        {
            return "'from' must be before 'to'";
        }

        if (end - start > TimeSpan.FromHours(maxHours))
        {
            return $"the range from 'from' to 'to' may span at most {maxHours} hours (Network:MaxExportHours): export it in parts";
        }

        query = new NetworkExportQuery(start.ToUniversalTime(), end.ToUniversalTime(), type, twinId, schemaVersion);
        return null;
    }
}
