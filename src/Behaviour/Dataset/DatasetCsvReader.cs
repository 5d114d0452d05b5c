using System.Globalization;
using System.Text;
using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Dataset;

/// <summary>
/// Reads dataset CSV written by <see cref="DatasetCsvWriter"/> or by the platform's export, whatever its column set:
/// the header decides which columns are read. Identity columns are required; a missing feature column reads as NaN,
/// columns it does not know are skipped. A file without a <c>schema_version</c> column predates it, when every file
/// was of feature schema 1, and reads as that; one without a <c>traffic_present</c> column predates it and reads every
/// window as holding its episode's traffic (true). Malformed input throws <see cref="FormatException"/> naming the line
/// and column.
/// </summary>
public sealed class DatasetCsvReader
{
    private readonly TextReader _input;
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly int[] _featureColumns = new int[FeatureCatalog.Count];
    private readonly List<string> _fields = [];
    private readonly StringBuilder _field = new();
    private long _line;

    public DatasetCsvReader(TextReader input)
    {
        _input = input;
        if (!ReadRecord())
        {
            throw new FormatException("the dataset file is empty: it has no header line");
        }

        for (var i = 0; i < _fields.Count; i++)
        {
            _index.TryAdd(_fields[i], i);
        }

        foreach (var required in DatasetColumns.Identity)
        {
            if (!_index.ContainsKey(required))
            {
                throw new FormatException($"the header has no '{required}' column");
            }
        }

        var features = 0;
        for (var f = 0; f < FeatureCatalog.Count; f++)
        {
            _featureColumns[f] = _index.GetValueOrDefault(FeatureCatalog.All[f].Name, -1);
            features += _featureColumns[f] >= 0 ? 1 : 0;
        }

        HasFeatures = features > 0;
        HasGroundTruth = _index.ContainsKey(DatasetColumns.Label);
        HasProvenance = _index.ContainsKey(DatasetColumns.ScenarioId);
    }

    public bool HasFeatures { get; }

    public bool HasGroundTruth { get; }

    public bool HasProvenance { get; }

    public IEnumerable<DatasetRow> ReadRows()
    {
        while (ReadRecord())
        {
            if (_fields.Count == 1 && _fields[0].Length == 0)
            {
                continue;
            }

            yield return ParseRow();
        }
    }

    private DatasetRow ParseRow()
    {
        var start = Time(DatasetColumns.WindowStart) ?? throw Error(DatasetColumns.WindowStart, "a window start is required");
        var seconds = Number(DatasetColumns.WindowSeconds);
        if (!(seconds > 0))
        {
            throw Error(DatasetColumns.WindowSeconds, "a window lasts a positive number of seconds");
        }

        var schemaVersion = SchemaVersion();
        var values = new double[FeatureCatalog.Count];
        for (var f = 0; f < values.Length; f++)
        {
            values[f] = _featureColumns[f] < 0 ? double.NaN : Number(_featureColumns[f], FeatureCatalog.All[f].Name);
        }

        DatasetProvenance? provenance = null;
        string? split = null;
        if (HasProvenance && Text(DatasetColumns.ScenarioId) is { Length: > 0 } scenario)
        {
            var seedText = Text(DatasetColumns.Seed);
            if (!long.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
            {
                throw Error(DatasetColumns.Seed, $"'{seedText}' is not an integer seed");
            }

            provenance = new DatasetProvenance(scenario, seed, Text(DatasetColumns.GeneratorVersion));
        }

        if (Text(DatasetColumns.Split) is { Length: > 0 } splitText)
        {
            split = splitText;
        }

        var timeSplit = Text(DatasetColumns.TimeSplit) is { Length: > 0 } timeSplitText ? timeSplitText : null;

        GroundTruth? truth = null;
        if (HasGroundTruth)
        {
            var labelText = Text(DatasetColumns.Label);
            if (!DatasetText.TryParseLabel(labelText, out var label))
            {
                throw Error(DatasetColumns.Label, $"'{labelText}' is not normal, anomalous or unknown");
            }

            var phaseText = Text(DatasetColumns.Phase);
            if (!DatasetText.TryParsePhase(phaseText, out var phase))
            {
                throw Error(DatasetColumns.Phase, $"'{phaseText}' is not none, onset, steady or offset");
            }

            var present = true;
            if (_index.ContainsKey(DatasetColumns.TrafficPresent))
            {
                var presentText = Text(DatasetColumns.TrafficPresent);
                if (!DatasetText.TryParseBool(presentText, out present))
                {
                    throw Error(DatasetColumns.TrafficPresent, $"'{presentText}' is not true or false");
                }
            }

            var parameters = Text(DatasetColumns.Parameters);
            truth = new GroundTruth(
                label,
                Text(DatasetColumns.Class),
                phase,
                parameters.Length == 0 ? "{}" : parameters,
                Time(DatasetColumns.OnsetTime),
                Time(DatasetColumns.OffsetTime),
                present);
        }

        return new DatasetRow(
            Text(DatasetColumns.DeviceId),
            Text(DatasetColumns.DeviceType),
            new NetworkWindow(start, seconds, values, schemaVersion),
            provenance,
            split,
            truth,
            timeSplit);
    }

    private int SchemaVersion()
    {
        if (!_index.ContainsKey(DatasetColumns.SchemaVersion))
        {
            return 1;
        }

        var text = Text(DatasetColumns.SchemaVersion);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && FeatureCatalog.IsSupported(version)
            ? version
            : throw Error(DatasetColumns.SchemaVersion, $"'{text}' is not a feature schema version this platform reads ({string.Join(", ", FeatureCatalog.SupportedSchemaVersions)})");
    }

    private string Text(string column) =>
        _index.TryGetValue(column, out var i) && i < _fields.Count ? _fields[i] : "";

    private DateTimeOffset? Time(string column)
    {
        var text = Text(column);
        if (text.Length == 0)
        {
            return null;
        }

        return DatasetText.TryParseTime(text, out var time) ? time : throw Error(column, $"'{text}' is not an ISO 8601 time");
    }

    private double Number(string column) => Number(_index.GetValueOrDefault(column, -1), column);

    private double Number(int index, string column)
    {
        var text = index >= 0 && index < _fields.Count ? _fields[index] : "";
        if (text.Length == 0)
        {
            return double.NaN;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(column, $"'{text}' is not a number");
    }

    private FormatException Error(string column, string message) => new($"line {_line}, column '{column}': {message}");

    /// <summary>Reads one RFC 4180 record into <see cref="_fields"/>; quoted fields may hold commas, quotes and line breaks.</summary>
    private bool ReadRecord()
    {
        _fields.Clear();
        _field.Clear();
        var c = _input.Read();
        if (c < 0)
        {
            return false;
        }

        _line++;
        var quoted = false;
        var fieldStart = true;
        while (true)
        {
            if (c < 0)
            {
                if (quoted)
                {
                    throw new FormatException($"line {_line}: a quoted field is not closed before the end of the file");
                }

                _fields.Add(_field.ToString());
                return true;
            }

            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (_input.Peek() == '"')
                    {
                        _input.Read();
                        _field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    _field.Append(ch);
                }
            }
            else if (ch == '"' && fieldStart)
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                _fields.Add(_field.ToString());
                _field.Clear();
                fieldStart = true;
                c = _input.Read();
                continue;
            }
            else if (ch is '\r' or '\n')
            {
                if (ch == '\r' && _input.Peek() == '\n')
                {
                    _input.Read();
                }

                _fields.Add(_field.ToString());
                return true;
            }
            else
            {
                _field.Append(ch);
            }

            fieldStart = false;
            c = _input.Read();
        }
    }
}
