using DigitalTwin.Behaviour.Evaluation;
using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Dataset;

/// <summary>
/// One labelled dataset (CSV or Parquet) held column by column for offline checks, training and evaluation: every
/// feature as a float column (NaN, an unmeasured feature, as 0: the simulator measures every feature, and 0 is what
/// "nothing seen" means for most of them), and per row its device and device type, window start, class, device
/// split, whether the episode's traffic is in the window, the episode's onset and its intensity band. Rows labelled
/// <c>unknown</c> are left out: they have no ground truth. Floats rather than doubles halve the memory of a large
/// file (about 130 bytes a window) and lose nothing a model or a threshold uses.
/// </summary>
public sealed class LabelledWindows
{
    /// <summary>The class index of normal rows; anomaly classes follow in name order.</summary>
    public const int Normal = 0;

    /// <summary>The value of <see cref="OnsetSeconds"/> for a row outside any episode.</summary>
    public const long NoEpisode = long.MinValue;

    private LabelledWindows(string path, IReadOnlyList<string> classes, IReadOnlyList<string> bands, IReadOnlyList<string> devices, IReadOnlyList<string> deviceTypes, Columns columns, int n)
    {
        Path = path;
        Classes = classes;
        Bands = bands;
        Devices = devices;
        DeviceTypes = deviceTypes;
        Provenance = columns.Provenance;
        WindowSeconds = columns.WindowSeconds;
        Features = columns.Features.Select(column => column.Length == n ? column : column[..n]).ToArray();
        ClassOf = columns.ClassOf[..n];
        Test = columns.Test[..n];
        Present = columns.Present[..n];
        BandOf = columns.BandOf[..n];
        DeviceOf = columns.DeviceOf[..n];
        TypeOf = columns.TypeOf[..n];
        StartSeconds = columns.StartSeconds[..n];
        OnsetSeconds = columns.OnsetSeconds[..n];
    }

    public string Path { get; }

    /// <summary>Scenario, seed and generator of the file's first row; null when the file has no provenance columns.</summary>
    public DatasetProvenance? Provenance { get; }

    /// <summary>Scenario, seed and generator of the file's first row, as one line of text.</summary>
    public string Description => Provenance is { } p
        ? $"scenario `{p.ScenarioId}`, seed {p.Seed}, generator `{p.GeneratorVersion}`"
        : "no provenance columns";

    /// <summary>The window length of the file's first row, in seconds.</summary>
    public double WindowSeconds { get; }

    /// <summary><c>normal</c>, then the anomaly classes found, in name order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The <c>"band"</c> values found in the episodes' parameters, in name order (empty when none has one).</summary>
    public IReadOnlyList<string> Bands { get; }

    /// <summary>Device ids in order of first appearance.</summary>
    public IReadOnlyList<string> Devices { get; }

    /// <summary>Device types in order of first appearance.</summary>
    public IReadOnlyList<string> DeviceTypes { get; }

    /// <summary>[feature][row].</summary>
    public float[][] Features { get; }

    public int[] ClassOf { get; }

    /// <summary>Whether the row's device is in the test part of the device split.</summary>
    public bool[] Test { get; }

    /// <summary>False for an anomalous window its episode left without traffic (<c>traffic_present</c>).</summary>
    public bool[] Present { get; }

    /// <summary>Index into <see cref="Bands"/>, or −1 when the row's episode has no band (and for normal rows).</summary>
    public int[] BandOf { get; }

    /// <summary>Index into <see cref="Devices"/>.</summary>
    public int[] DeviceOf { get; }

    /// <summary>Index into <see cref="DeviceTypes"/>.</summary>
    public int[] TypeOf { get; }

    /// <summary>Window start, Unix seconds.</summary>
    public long[] StartSeconds { get; }

    /// <summary>The row's episode onset, Unix seconds, or <see cref="NoEpisode"/>: with the device, it names the episode.</summary>
    public long[] OnsetSeconds { get; }

    public int Count => ClassOf.Length;

    /// <summary>Reads a labelled <c>.csv</c> or <c>.parquet</c> dataset, chosen by the file's extension.</summary>
    public static async Task<LabelledWindows> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            using var text = File.OpenText(path);
            var csv = new DatasetCsvReader(text);
            Require(path, csv.HasGroundTruth && csv.HasFeatures);
            return await Collect(path, 1 << 16, csv.ReadRows().ToAsyncEnumerable(), cancellationToken);
        }

        await using var file = File.OpenRead(path);
        await using var reader = await DatasetParquetReader.OpenAsync(file, cancellationToken);
        Require(path, reader.HasGroundTruth && reader.HasFeatures);
        return await Collect(path, (int)reader.RowCount, reader.ReadRowsAsync(cancellationToken), cancellationToken);
    }

    private static void Require(string path, bool labelled)
    {
        if (!labelled)
        {
            throw new FormatException($"{path}: not a labelled dataset (it needs feature and ground-truth columns)");
        }
    }

    private static async Task<LabelledWindows> Collect(string path, int capacity, IAsyncEnumerable<DatasetRow> rows, CancellationToken cancellationToken)
    {
        var columns = new Columns(Math.Max(capacity, 1));
        var classNames = new List<string>();
        var bandNames = new List<string>();
        var devices = new Dictionary<string, int>(StringComparer.Ordinal);
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        var bandByParameters = new Dictionary<string, int>(StringComparer.Ordinal);
        var n = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var truth = row.Truth!;
            if (truth.Label == GroundTruthLabel.Unknown)
            {
                continue;
            }

            if (n == 0)
            {
                columns.Provenance = row.Provenance;
                columns.WindowSeconds = row.Window.Seconds;
            }

            columns.EnsureRoom(n);
            var values = row.Window.Values;
            for (var f = 0; f < values.Length; f++)
            {
                columns.Features[f][n] = double.IsNaN(values[f]) ? 0 : (float)values[f];
            }

            var name = truth.Label == GroundTruthLabel.Normal ? GroundTruth.NormalClass : truth.Class;
            columns.ClassOf[n] = IndexOf(classNames, name);
            columns.Test[n] = row.Split == "test";
            columns.Present[n] = truth.TrafficPresent;
            if (!bandByParameters.TryGetValue(truth.Parameters, out var band))
            {
                band = EpisodeBand.Of(truth.Parameters) is { } bandName ? IndexOf(bandNames, bandName) : -1;
                bandByParameters[truth.Parameters] = band;
            }

            columns.BandOf[n] = band;
            columns.DeviceOf[n] = IndexOf(devices, row.DeviceId);
            columns.TypeOf[n] = IndexOf(types, row.DeviceType);
            columns.StartSeconds[n] = row.Window.Start.ToUnixTimeSeconds();
            columns.OnsetSeconds[n] = truth.Onset is { } onset && truth.Label == GroundTruthLabel.Anomalous ? onset.ToUnixTimeSeconds() : NoEpisode;
            n++;
        }

        // Name order, normal first, so that tables and the models' classes read the same for every file.
        var classes = classNames.Where(c => c != GroundTruth.NormalClass).Order(StringComparer.Ordinal).Prepend(GroundTruth.NormalClass).ToArray();
        var bands = bandNames.Order(StringComparer.Ordinal).ToArray();
        var classMap = classNames.Select(c => Array.IndexOf(classes, c)).ToArray();
        var bandMap = bandNames.Select(b => Array.IndexOf(bands, b)).ToArray();
        for (var i = 0; i < n; i++)
        {
            columns.ClassOf[i] = classMap[columns.ClassOf[i]];
            columns.BandOf[i] = columns.BandOf[i] < 0 ? -1 : bandMap[columns.BandOf[i]];
        }

        return new LabelledWindows(path, classes, bands, Names(devices), Names(types), columns, n);
    }

    private static string[] Names(Dictionary<string, int> index) => index.OrderBy(p => p.Value).Select(p => p.Key).ToArray();

    private static int IndexOf(List<string> names, string name)
    {
        var index = names.IndexOf(name);
        if (index < 0)
        {
            names.Add(name);
            index = names.Count - 1;
        }

        return index;
    }

    private static int IndexOf(Dictionary<string, int> index, string name)
    {
        if (!index.TryGetValue(name, out var i))
        {
            i = index.Count;
            index[name] = i;
        }

        return i;
    }

    /// <summary>The growing columns while a file is read: sized from the Parquet row count, doubled for CSV.</summary>
    private sealed class Columns(int capacity)
    {
        public DatasetProvenance? Provenance { get; set; }

        public double WindowSeconds { get; set; }

        public float[][] Features { get; private set; } = Enumerable.Range(0, FeatureCatalog.Count).Select(_ => new float[capacity]).ToArray();

        public int[] ClassOf { get; private set; } = new int[capacity];

        public bool[] Test { get; private set; } = new bool[capacity];

        public bool[] Present { get; private set; } = new bool[capacity];

        public int[] BandOf { get; private set; } = new int[capacity];

        public int[] DeviceOf { get; private set; } = new int[capacity];

        public int[] TypeOf { get; private set; } = new int[capacity];

        public long[] StartSeconds { get; private set; } = new long[capacity];

        public long[] OnsetSeconds { get; private set; } = new long[capacity];

        public void EnsureRoom(int row)
        {
            if (row < ClassOf.Length)
            {
                return;
            }

            var size = ClassOf.Length * 2;
            Features = Features.Select(c => Grow(c, size)).ToArray();
            ClassOf = Grow(ClassOf, size);
            Test = Grow(Test, size);
            Present = Grow(Present, size);
            BandOf = Grow(BandOf, size);
            DeviceOf = Grow(DeviceOf, size);
            TypeOf = Grow(TypeOf, size);
            StartSeconds = Grow(StartSeconds, size);
            OnsetSeconds = Grow(OnsetSeconds, size);
        }

        private static T[] Grow<T>(T[] array, int size)
        {
            Array.Resize(ref array, size);
            return array;
        }
    }
}
