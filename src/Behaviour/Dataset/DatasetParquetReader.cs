using DigitalTwin.Behaviour.Features;
using Parquet;
using Parquet.Schema;

namespace DigitalTwin.Behaviour.Dataset;

/// <summary>
/// Reads dataset Parquet written by <see cref="DatasetParquetWriter"/>, whatever its column set, one row group at a
/// time, so memory is bounded by one row group. The same rules as <see cref="DatasetCsvReader"/>: identity columns
/// are required; a missing feature reads as NaN (as does a null one); a file without <c>schema_version</c> reads as
/// schema 1; one without <c>traffic_present</c> reads every window as holding its episode's traffic.
/// </summary>
public sealed class DatasetParquetReader : IAsyncDisposable
{
    private readonly ParquetReader _reader;
    private readonly Dictionary<string, DataField> _fields;

    private DatasetParquetReader(ParquetReader reader)
    {
        _reader = reader;
        _fields = reader.Schema.DataFields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var required in DatasetColumns.Identity)
        {
            if (!_fields.ContainsKey(required))
            {
                throw new FormatException($"the Parquet file has no '{required}' column");
            }
        }

        HasFeatures = FeatureCatalog.All.Any(f => _fields.ContainsKey(f.Name));
        HasGroundTruth = _fields.ContainsKey(DatasetColumns.Label);
        HasProvenance = _fields.ContainsKey(DatasetColumns.ScenarioId);
    }

    public bool HasFeatures { get; }

    public bool HasGroundTruth { get; }

    public bool HasProvenance { get; }

    public long RowCount { get; private set; }

    public static async Task<DatasetParquetReader> OpenAsync(Stream input, CancellationToken cancellationToken = default)
    {
        var reader = await ParquetReader.CreateAsync(input, cancellationToken: cancellationToken);
        try
        {
            var opened = new DatasetParquetReader(reader);
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                opened.RowCount += reader.OpenRowGroupReader(g).RowCount;
            }

            return opened;
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    public async IAsyncEnumerable<DatasetRow> ReadRowsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var g = 0; g < _reader.RowGroupCount; g++)
        {
            using var group = _reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            var ids = await Texts(group, DatasetColumns.DeviceId, n, cancellationToken);
            var types = await Texts(group, DatasetColumns.DeviceType, n, cancellationToken);
            var starts = await Values<DateTime>(group, DatasetColumns.WindowStart, n, cancellationToken);
            var seconds = await Values<double>(group, DatasetColumns.WindowSeconds, n, cancellationToken);
            var versions = await Values<int>(group, DatasetColumns.SchemaVersion, n, cancellationToken);
            var scenarios = await Texts(group, DatasetColumns.ScenarioId, n, cancellationToken);
            var generators = await Texts(group, DatasetColumns.GeneratorVersion, n, cancellationToken);
            var seeds = await Nullables<long>(group, DatasetColumns.Seed, n, cancellationToken);
            var splits = await Texts(group, DatasetColumns.Split, n, cancellationToken);
            var timeSplits = await Texts(group, DatasetColumns.TimeSplit, n, cancellationToken);
            var features = new double?[]?[FeatureCatalog.Count];
            for (var f = 0; f < features.Length; f++)
            {
                features[f] = await Nullables<double>(group, FeatureCatalog.All[f].Name, n, cancellationToken);
            }

            var labels = await Texts(group, DatasetColumns.Label, n, cancellationToken);
            var classes = await Texts(group, DatasetColumns.Class, n, cancellationToken);
            var phases = await Texts(group, DatasetColumns.Phase, n, cancellationToken);
            var present = await Values<bool>(group, DatasetColumns.TrafficPresent, n, cancellationToken);
            var parameters = await Texts(group, DatasetColumns.Parameters, n, cancellationToken);
            var onsets = await Nullables<DateTime>(group, DatasetColumns.OnsetTime, n, cancellationToken);
            var offsets = await Nullables<DateTime>(group, DatasetColumns.OffsetTime, n, cancellationToken);

            for (var i = 0; i < n; i++)
            {
                var values = new double[FeatureCatalog.Count];
                for (var f = 0; f < values.Length; f++)
                {
                    values[f] = features[f]?[i] ?? double.NaN;
                }

                var window = new NetworkWindow(Utc(starts![i]), seconds![i], values, versions?[i] ?? 1);
                DatasetProvenance? provenance = scenarios?[i] is { Length: > 0 } scenario
                    ? new DatasetProvenance(scenario, seeds?[i] ?? 0, generators?[i] ?? "")
                    : null;
                GroundTruth? truth = null;
                if (labels is not null)
                {
                    truth = Truth(labels[i], classes?[i], phases?[i], present?[i] ?? true, parameters?[i], onsets?[i], offsets?[i], g, i);
                }

                yield return new DatasetRow(ids![i] ?? "", types![i] ?? "", window, provenance, Empty(splits?[i]), truth, Empty(timeSplits?[i]));
            }
        }
    }

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private static GroundTruth Truth(string? labelText, string? className, string? phaseText, bool present, string? parameters, DateTime? onset, DateTime? offset, int group, int row)
    {
        if (!DatasetText.TryParseLabel(labelText ?? "", out var label))
        {
            throw new FormatException($"row group {group}, row {row}, column 'label': '{labelText}' is not normal, anomalous or unknown");
        }

        if (!DatasetText.TryParsePhase(phaseText ?? "none", out var phase))
        {
            throw new FormatException($"row group {group}, row {row}, column 'phase': '{phaseText}' is not none, onset, steady or offset");
        }

        // Normal windows share one instance, as the simulator's do, so a large file does not hold a truth per row.
        if (label == GroundTruthLabel.Normal && present && phase == GroundTruthPhase.None && parameters is null or "{}" && onset is null)
        {
            return GroundTruth.Normal;
        }

        return new GroundTruth(
            label,
            className ?? "",
            phase,
            parameters is { Length: > 0 } ? parameters : "{}",
            onset is { } on ? Utc(on) : null,
            offset is { } off ? Utc(off) : null,
            present);
    }

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    private async Task<string?[]?> Texts(ParquetRowGroupReader group, string name, int n, CancellationToken cancellationToken)
    {
        if (!_fields.TryGetValue(name, out var field))
        {
            return null;
        }

        var values = new string?[n];
        await group.ReadAsync(field, values.AsMemory(), cancellationToken: cancellationToken);
        return values;
    }

    private async Task<T[]?> Values<T>(ParquetRowGroupReader group, string name, int n, CancellationToken cancellationToken)
        where T : struct
    {
        if (!_fields.TryGetValue(name, out var field))
        {
            return null;
        }

        var values = new T[n];
        await group.ReadAsync<T>(field, values.AsMemory(), cancellationToken: cancellationToken);
        return values;
    }

    private async Task<T?[]?> Nullables<T>(ParquetRowGroupReader group, string name, int n, CancellationToken cancellationToken)
        where T : struct
    {
        if (!_fields.TryGetValue(name, out var field))
        {
            return null;
        }

        var values = new T?[n];
        await group.ReadAsync<T>(field, values.AsMemory(), cancellationToken: cancellationToken);
        return values;
    }
}
