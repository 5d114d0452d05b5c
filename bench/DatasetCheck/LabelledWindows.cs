using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Evaluation;
using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Bench.DatasetCheck;

/// <summary>
/// One labelled dataset held column by column for the check: every feature as a float column (NaN, an unmeasured
/// feature, as 0: the simulator measures every feature, and 0 is what "nothing seen" means for most of them), and per
/// row its class, device split, whether the episode's traffic is in the window and the episode's intensity band.
/// Rows labelled <c>unknown</c> are left out: they have no ground truth.
/// </summary>
internal sealed class LabelledWindows
{
    /// <summary>The class index of normal rows; anomaly classes follow in name order.</summary>
    public const int Normal = 0;

    private LabelledWindows(string path, string description, IReadOnlyList<string> classes, IReadOnlyList<string> bands, float[][] features, int[] classOf, bool[] test, bool[] present, int[] bandOf)
    {
        Path = path;
        Description = description;
        Classes = classes;
        Bands = bands;
        Features = features;
        ClassOf = classOf;
        Test = test;
        Present = present;
        BandOf = bandOf;
    }

    public string Path { get; }

    /// <summary>Scenario, seed and generator of the file's first row.</summary>
    public string Description { get; }

    /// <summary><c>normal</c>, then the anomaly classes found, in name order.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The <c>"band"</c> values found in the episodes' parameters, in name order (empty when none has one).</summary>
    public IReadOnlyList<string> Bands { get; }

    /// <summary>[feature][row].</summary>
    public float[][] Features { get; }

    public int[] ClassOf { get; }

    /// <summary>Whether the row's device is in the test part of the device split.</summary>
    public bool[] Test { get; }

    /// <summary>False for an anomalous window its episode left without traffic (<c>traffic_present</c>).</summary>
    public bool[] Present { get; }

    /// <summary>Index into <see cref="Bands"/>, or −1 when the row's episode has no band (and for normal rows).</summary>
    public int[] BandOf { get; }

    public int Count => ClassOf.Length;

    public static async Task<LabelledWindows> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await using var reader = await DatasetParquetReader.OpenAsync(file, cancellationToken);
        if (!reader.HasGroundTruth || !reader.HasFeatures)
        {
            throw new FormatException($"{path}: not a labelled dataset (it needs feature and ground-truth columns)");
        }

        var capacity = (int)reader.RowCount;
        var features = Enumerable.Range(0, FeatureCatalog.Count).Select(_ => new float[capacity]).ToArray();
        var classNames = new List<string>();
        var rawClass = new int[capacity];
        var test = new bool[capacity];
        var present = new bool[capacity];
        var bandNames = new List<string>();
        var rawBand = new int[capacity];
        var bandByParameters = new Dictionary<string, int>(StringComparer.Ordinal);
        var description = "";
        var n = 0;
        await foreach (var row in reader.ReadRowsAsync(cancellationToken))
        {
            var truth = row.Truth!;
            if (truth.Label == GroundTruthLabel.Unknown)
            {
                continue;
            }

            if (n == 0 && row.Provenance is { } provenance)
            {
                description = $"scenario `{provenance.ScenarioId}`, seed {provenance.Seed}, generator `{provenance.GeneratorVersion}`";
            }

            var values = row.Window.Values;
            for (var f = 0; f < values.Length; f++)
            {
                features[f][n] = double.IsNaN(values[f]) ? 0 : (float)values[f];
            }

            var name = truth.Label == GroundTruthLabel.Normal ? GroundTruth.NormalClass : truth.Class;
            rawClass[n] = IndexOf(classNames, name);
            test[n] = row.Split == "test";
            present[n] = truth.TrafficPresent;
            if (!bandByParameters.TryGetValue(truth.Parameters, out var band))
            {
                band = EpisodeBand.Of(truth.Parameters) is { } bandName ? IndexOf(bandNames, bandName) : -1;
                bandByParameters[truth.Parameters] = band;
            }

            rawBand[n] = band;
            n++;
        }

        // Name order, normal first, so that tables and the model's classes read the same for every file.
        var classes = classNames.Where(c => c != GroundTruth.NormalClass).Order(StringComparer.Ordinal).Prepend(GroundTruth.NormalClass).ToArray();
        var bands = bandNames.Order(StringComparer.Ordinal).ToArray();
        var classMap = classNames.Select(c => Array.IndexOf(classes, c)).ToArray();
        var bandMap = bandNames.Select(b => Array.IndexOf(bands, b)).ToArray();
        return new LabelledWindows(
            path,
            description,
            classes,
            bands,
            features.Select(column => n == capacity ? column : column[..n]).ToArray(),
            rawClass[..n].Select(c => classMap[c]).ToArray(),
            test[..n],
            present[..n],
            rawBand[..n].Select(b => b < 0 ? -1 : bandMap[b]).ToArray());
    }

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
}
