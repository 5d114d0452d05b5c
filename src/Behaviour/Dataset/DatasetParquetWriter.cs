using DigitalTwin.Behaviour.Features;
using Parquet;
using Parquet.Schema;

namespace DigitalTwin.Behaviour.Dataset;

/// <summary>
/// Writes dataset rows as Parquet: one row group per <see cref="RowGroupRows"/> rows, buffered column by column, so
/// memory is bounded by one row group. Times are UTC timestamps (milliseconds), features nullable doubles (null where
/// unmeasured), texts UTF-8 strings. The file holds no write time or random id, so identical rows give identical bytes.
/// </summary>
public sealed class DatasetParquetWriter : IDatasetWriter
{
    public const int RowGroupRows = 100_000;

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly ParquetSchema _schema;
    private readonly DataField[] _fields;
    private readonly int _rowGroupRows;
    private ParquetWriter? _writer;

    private readonly string[] _deviceIds, _deviceTypes;
    private readonly DateTime[] _starts, _ends;
    private readonly double[] _seconds;
    private readonly int[] _schemaVersions;
    private readonly string?[] _generatorVersions = [], _scenarioIds = [], _splits = [], _timeSplits = [];
    private readonly long?[] _seeds = [];
    private readonly double?[][] _features = [];
    private readonly string[] _labels = [], _classes = [], _phases = [], _parameters = [];
    private readonly bool[] _present = [];
    private readonly DateTime?[] _onsets = [], _offsets = [];
    private int _buffered;

    public DatasetParquetWriter(Stream output, DatasetColumnSet columns, bool leaveOpen = false, int rowGroupRows = RowGroupRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowGroupRows);
        _output = output;
        _leaveOpen = leaveOpen;
        _rowGroupRows = rowGroupRows;
        Columns = columns;
        _fields = Fields(columns).ToArray();
        _schema = new ParquetSchema(_fields);

        _deviceIds = new string[rowGroupRows];
        _deviceTypes = new string[rowGroupRows];
        _starts = new DateTime[rowGroupRows];
        _ends = new DateTime[rowGroupRows];
        _seconds = new double[rowGroupRows];
        _schemaVersions = new int[rowGroupRows];
        if (DatasetColumns.HasProvenance(columns))
        {
            _generatorVersions = new string?[rowGroupRows];
            _scenarioIds = new string?[rowGroupRows];
            _seeds = new long?[rowGroupRows];
            _splits = new string?[rowGroupRows];
            _timeSplits = new string?[rowGroupRows];
        }

        if (DatasetColumns.HasFeatures(columns))
        {
            _features = new double?[FeatureCatalog.Count][];
            for (var i = 0; i < _features.Length; i++)
            {
                _features[i] = new double?[rowGroupRows];
            }
        }

        if (DatasetColumns.HasGroundTruth(columns))
        {
            _labels = new string[rowGroupRows];
            _classes = new string[rowGroupRows];
            _phases = new string[rowGroupRows];
            _present = new bool[rowGroupRows];
            _parameters = new string[rowGroupRows];
            _onsets = new DateTime?[rowGroupRows];
            _offsets = new DateTime?[rowGroupRows];
        }
    }

    public DatasetColumnSet Columns { get; }

    public long RowsWritten { get; private set; }

    public ValueTask WriteAsync(DatasetRow row, CancellationToken cancellationToken = default)
    {
        var i = _buffered++;
        var window = row.Window;
        _deviceIds[i] = row.DeviceId;
        _deviceTypes[i] = row.DeviceType;
        _starts[i] = window.Start.UtcDateTime;
        _ends[i] = window.End.UtcDateTime;
        _seconds[i] = window.Seconds;
        _schemaVersions[i] = window.SchemaVersion;
        if (DatasetColumns.HasProvenance(Columns))
        {
            _generatorVersions[i] = row.Provenance?.GeneratorVersion;
            _scenarioIds[i] = row.Provenance?.ScenarioId;
            _seeds[i] = row.Provenance?.Seed;
            _splits[i] = row.Split;
            _timeSplits[i] = row.TimeSplit;
        }

        if (DatasetColumns.HasFeatures(Columns))
        {
            var values = window.Values;
            for (var f = 0; f < values.Length; f++)
            {
                _features[f][i] = double.IsNaN(values[f]) ? null : values[f];
            }
        }

        if (DatasetColumns.HasGroundTruth(Columns))
        {
            var truth = row.Truth ?? GroundTruth.Unknown;
            _labels[i] = DatasetText.Of(truth.Label);
            _classes[i] = truth.Class;
            _phases[i] = DatasetText.Of(truth.Phase);
            _present[i] = truth.TrafficPresent;
            _parameters[i] = truth.Parameters;
            _onsets[i] = truth.Onset?.UtcDateTime;
            _offsets[i] = truth.Offset?.UtcDateTime;
        }

        RowsWritten++;
        return _buffered == _rowGroupRows ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_buffered > 0 || _writer is null)
        {
            await FlushAsync(cancellationToken);
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync();
            _writer = null;
        }

        await _output.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        if (!_leaveOpen)
        {
            await _output.DisposeAsync();
        }
    }

    private static IEnumerable<DataField> Fields(DatasetColumnSet columns)
    {
        yield return new DataField<string>(DatasetColumns.DeviceId, nullable: false);
        yield return new DataField<string>(DatasetColumns.DeviceType, nullable: false);
        yield return Timestamp(DatasetColumns.WindowStart, nullable: false);
        yield return Timestamp(DatasetColumns.WindowEnd, nullable: false);
        yield return new DataField<double>(DatasetColumns.WindowSeconds);
        yield return new DataField<int>(DatasetColumns.SchemaVersion);
        if (DatasetColumns.HasProvenance(columns))
        {
            yield return new DataField<string>(DatasetColumns.GeneratorVersion, nullable: true);
            yield return new DataField<string>(DatasetColumns.ScenarioId, nullable: true);
            yield return new DataField<long?>(DatasetColumns.Seed);
            yield return new DataField<string>(DatasetColumns.Split, nullable: true);
            yield return new DataField<string>(DatasetColumns.TimeSplit, nullable: true);
        }

        if (DatasetColumns.HasFeatures(columns))
        {
            foreach (var name in DatasetColumns.Features)
            {
                yield return new DataField<double?>(name);
            }
        }

        if (DatasetColumns.HasGroundTruth(columns))
        {
            yield return new DataField<string>(DatasetColumns.Label, nullable: false);
            yield return new DataField<string>(DatasetColumns.Class, nullable: false);
            yield return new DataField<string>(DatasetColumns.Phase, nullable: false);
            yield return new DataField<bool>(DatasetColumns.TrafficPresent);
            yield return new DataField<string>(DatasetColumns.Parameters, nullable: false);
            yield return Timestamp(DatasetColumns.OnsetTime, nullable: true);
            yield return Timestamp(DatasetColumns.OffsetTime, nullable: true);
        }
    }

    private static DateTimeDataField Timestamp(string name, bool nullable) =>
        new(name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis, isNullable: nullable);

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        _writer ??= await ParquetWriter.CreateAsync(_schema, _output, cancellationToken: cancellationToken);
        var n = _buffered;
        using (var group = _writer.CreateRowGroup())
        {
            var field = 0;
            await group.WriteAsync(_fields[field++], new ArraySegment<string>(_deviceIds, 0, n));
            await group.WriteAsync(_fields[field++], new ArraySegment<string>(_deviceTypes, 0, n));
            await group.WriteAsync<DateTime>(_fields[field++], _starts.AsMemory(0, n), cancellationToken: cancellationToken);
            await group.WriteAsync<DateTime>(_fields[field++], _ends.AsMemory(0, n), cancellationToken: cancellationToken);
            await group.WriteAsync<double>(_fields[field++], _seconds.AsMemory(0, n), cancellationToken: cancellationToken);
            await group.WriteAsync<int>(_fields[field++], _schemaVersions.AsMemory(0, n), cancellationToken: cancellationToken);
            if (DatasetColumns.HasProvenance(Columns))
            {
                await group.WriteAsync(_fields[field++], new ArraySegment<string>(_generatorVersions!, 0, n));
                await group.WriteAsync(_fields[field++], new ArraySegment<string>(_scenarioIds!, 0, n));
                await group.WriteAsync<long>(_fields[field++], _seeds.AsMemory(0, n), cancellationToken: cancellationToken);
                await group.WriteAsync(_fields[field++], new ArraySegment<string>(_splits!, 0, n));
                await group.WriteAsync(_fields[field++], new ArraySegment<string>(_timeSplits!, 0, n));
            }

            if (DatasetColumns.HasFeatures(Columns))
            {
                foreach (var column in _features)
                {
                    await group.WriteAsync<double>(_fields[field++], column.AsMemory(0, n), cancellationToken: cancellationToken);
                }
            }

            if (DatasetColumns.HasGroundTruth(Columns))
            {
                await group.WriteAsync(_fields[field++], new ArraySegment<string>(_labels, 0, n));
                await group.WriteAsync(_fields[field++], new ArraySegment<string>(_classes, 0, n));
                await group.WriteAsync(_fields[field++], new ArraySegment<string>(_phases, 0, n));
                await group.WriteAsync<bool>(_fields[field++], _present.AsMemory(0, n), cancellationToken: cancellationToken);
                await group.WriteAsync(_fields[field++], new ArraySegment<string>(_parameters, 0, n));
                await group.WriteAsync<DateTime>(_fields[field++], _onsets.AsMemory(0, n), cancellationToken: cancellationToken);
                await group.WriteAsync<DateTime>(_fields[field++], _offsets.AsMemory(0, n), cancellationToken: cancellationToken);
            }

            group.CompleteValidate();
        }

        _buffered = 0;
    }
}
