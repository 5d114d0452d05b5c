using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using DigitalTwin.Behaviour.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DigitalTwin.Detection.Models;

/// <summary>
/// A trained window detector as one <c>.dtnmodel</c> file: a zip holding <c>manifest.json</c> (<see cref="ModelManifest"/>),
/// the supervised ML.NET model (<c>supervised.mlnet</c>: per-class probabilities) and the unsupervised one
/// (<c>anomaly.mlnet</c>: randomized PCA, an anomaly score). Both read the features normalised per device type by the
/// manifest's statistics. <see cref="Predict"/> and <see cref="PredictMany"/> may be called from many threads at once:
/// ML.NET's prediction engines are not thread-safe, so each call rents one from a pool.
/// </summary>
public sealed class DetectionModel : IDisposable
{
    public const string ManifestEntry = "manifest.json";
    public const string SupervisedEntry = "supervised.mlnet";
    public const string AnomalyEntry = "anomaly.mlnet";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private readonly MLContext _ml;
    private readonly ITransformer _supervised;
    private readonly ITransformer _anomaly;
    private readonly ITransformer _both;
    private readonly DataViewSchema _inputSchema;
    private readonly SchemaDefinition _schema = InputSchema();
    private readonly ConcurrentBag<PredictionEngine<ModelInput, ModelOutput>> _engines = [];

    internal DetectionModel(ModelManifest manifest, MLContext ml, ITransformer supervised, ITransformer anomaly, DataViewSchema inputSchema)
    {
        Manifest = manifest;
        _ml = ml;
        _supervised = supervised;
        _anomaly = anomaly;
        _inputSchema = inputSchema;
        // The PCA stage's Score and PredictedLabel hide the supervised stage's; its probabilities were copied aside.
        _both = new TransformerChain<ITransformer>(supervised, anomaly);
    }

    public ModelManifest Manifest { get; }

    /// <summary>
    /// Reads a model file. Throws <see cref="ModelFormatException"/> when the file is not a model, is damaged, or was
    /// written for another model format version or feature schema version.
    /// </summary>
    public static DetectionModel Load(string path)
    {
        using var file = File.OpenRead(path);
        return Load(file, path);
    }

    /// <summary>Reads a model from a stream; <paramref name="name"/> names it in error messages.</summary>
    public static DetectionModel Load(Stream stream, string name)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFormatException($"{name}: not a model file (not a zip archive, or a truncated one: {e.Message})", e);
        }

        using (zip)
        {
            var manifest = ReadManifest(zip, name);
            var ml = new MLContext(manifest.Trainer.Seed);
            var supervised = ReadModel(zip, SupervisedEntry, ml, name, out var inputSchema);
            var anomaly = ReadModel(zip, AnomalyEntry, ml, name, out _);
            return new DetectionModel(manifest, ml, supervised, anomaly, inputSchema);
        }
    }

    public void Save(string path)
    {
        // Written beside and moved over, so a reader (a silo watching the path) never sees half a model.
        var temporary = path + ".partial";
        using (var file = File.Create(temporary))
        {
            Save(file);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public void Save(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var entry = zip.CreateEntry(ManifestEntry).Open())
        {
            JsonSerializer.Serialize(entry, Manifest, Json);
        }

        using (var entry = zip.CreateEntry(SupervisedEntry, CompressionLevel.NoCompression).Open())
        {
            _ml.Model.Save(_supervised, _inputSchema, entry);
        }

        using (var entry = zip.CreateEntry(AnomalyEntry, CompressionLevel.NoCompression).Open())
        {
            _ml.Model.Save(_anomaly, _inputSchema, entry);
        }
    }

    /// <summary>Both models' verdicts on one window of <paramref name="deviceType"/>: raw feature values, catalog order (NaN for unmeasured).</summary>
    public WindowPrediction Predict(ReadOnlySpan<double> values, string deviceType)
    {
        var raw = new float[values.Length];
        for (var f = 0; f < raw.Length; f++)
        {
            raw[f] = (float)values[f];
        }

        var input = Input(raw, deviceType);
        if (!_engines.TryTake(out var engine))
        {
            engine = _ml.Model.CreatePredictionEngine<ModelInput, ModelOutput>(_both, inputSchemaDefinition: _schema);
        }

        try
        {
            return Prediction(engine.Predict(input));
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    /// <summary>
    /// The verdicts on many windows, in their order, streamed through ML.NET in bulk (much faster than one
    /// <see cref="Predict"/> per window): raw feature values in catalog order and each window's device type.
    /// </summary>
    public IEnumerable<WindowPrediction> PredictMany(IEnumerable<(float[] Values, string DeviceType)> windows)
    {
        var data = _ml.Data.LoadFromEnumerable(windows.Select(w => Input(w.Values, w.DeviceType)), _schema);
        foreach (var output in _ml.Data.CreateEnumerable<ModelOutput>(_both.Transform(data), reuseRowObject: true))
        {
            yield return Prediction(output);
        }
    }

    public void Dispose()
    {
        while (_engines.TryTake(out var engine))
        {
            engine.Dispose();
        }
    }

    internal static SchemaDefinition InputSchema()
    {
        var schema = SchemaDefinition.Create(typeof(ModelInput));
        schema[nameof(ModelInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCatalog.Count);
        schema[nameof(ModelInput.Magnitudes)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCatalog.Count);
        return schema;
    }

    private ModelInput Input(float[] raw, string deviceType) => ModelInput.Of(raw, deviceType, Manifest.Normalisation);

    private WindowPrediction Prediction(ModelOutput output)
    {
        var probabilities = new double[output.Probabilities.Length];
        double total = 0;
        var best = 0;
        for (var c = 0; c < probabilities.Length; c++)
        {
            // One-versus-all calibrated scores do not sum to 1; renormalised they read as a distribution.
            probabilities[c] = float.IsNaN(output.Probabilities[c]) ? 0 : Math.Max(output.Probabilities[c], 0);
            total += probabilities[c];
            best = probabilities[c] > probabilities[best] ? c : best;
        }

        for (var c = 0; c < probabilities.Length && total > 0; c++)
        {
            probabilities[c] /= total;
        }

        var score = AnomalyScore(output, Manifest.AnomalyCenter);
        return new WindowPrediction(probabilities, Manifest.Classes[best], score, score > Manifest.AnomalyThreshold);
    }

    /// <summary>
    /// The PCA's reconstruction error itself: ML.NET's score is it divided by the distance from the centre, which
    /// rates a window ten times further out than any normal one like a normal one when its direction is the same, so
    /// the distance is multiplied back in. 0 at the centre, where ML.NET's share is 0 / 0.
    /// </summary>
    internal static double AnomalyScore(ModelOutput output, IReadOnlyList<double> center)
    {
        double squares = 0;
        for (var f = 0; f < output.Features.Length; f++)
        {
            var d = output.Features[f] - center[f];
            squares += d * d;
        }

        return float.IsNaN(output.Score) ? 0 : output.Score * Math.Sqrt(squares);
    }

    private static ModelManifest ReadManifest(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(ManifestEntry) ?? throw new ModelFormatException($"{name}: not a model file (it has no {ManifestEntry})");
        ModelManifest? manifest;
        try
        {
            using var stream = entry.Open();
            manifest = JsonSerializer.Deserialize<ModelManifest>(stream, Json);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new ModelFormatException($"{name}: the model's {ManifestEntry} is damaged: {e.Message}", e);
        }

        if (manifest is null || manifest.Format != ModelManifest.FormatName)
        {
            throw new ModelFormatException($"{name}: not a model file ({ManifestEntry} does not say format '{ModelManifest.FormatName}')");
        }

        if (manifest.FormatVersion != ModelManifest.CurrentFormatVersion)
        {
            throw new ModelFormatException($"{name}: model format version {manifest.FormatVersion}; this build reads version {ModelManifest.CurrentFormatVersion} only");
        }

        if (manifest.FeatureSchemaVersion != FeatureCatalog.SchemaVersion)
        {
            throw new ModelFormatException($"{name}: the model reads feature schema version {manifest.FeatureSchemaVersion}; this build computes version {FeatureCatalog.SchemaVersion}, whose numbers mean something else: retrain on data of version {FeatureCatalog.SchemaVersion}");
        }

        if (!manifest.Features.SequenceEqual(FeatureCatalog.All.Select(f => f.Name)))
        {
            throw new ModelFormatException($"{name}: the model's feature list is not feature schema {FeatureCatalog.SchemaVersion}'s, in its order");
        }

        if (manifest.AnomalyCenter.Count != FeatureCatalog.Count)
        {
            throw new ModelFormatException($"{name}: the model's {ManifestEntry} is damaged (anomaly_center holds {manifest.AnomalyCenter.Count} values, not {FeatureCatalog.Count})");
        }

        var statistics = manifest.Normalisation.DeviceTypes.Values.Append(manifest.Normalisation.Fleet)
            .Concat(manifest.ZScoreReference.DeviceTypes.Values).Append(manifest.ZScoreReference.Fleet);
        if (manifest.Classes.Count < 2 || statistics.Any(s => s.Center.Count != FeatureCatalog.Count || s.Scale.Count != FeatureCatalog.Count || s.Scale.Any(x => !(x > 0))))
        {
            throw new ModelFormatException($"{name}: the model's {ManifestEntry} is damaged (fewer than two classes, or statistics of the wrong length or with a scale that is not positive)");
        }

        return manifest;
    }

    private static ITransformer ReadModel(ZipArchive zip, string entryName, MLContext ml, string name, out DataViewSchema inputSchema)
    {
        var entry = zip.GetEntry(entryName) ?? throw new ModelFormatException($"{name}: the model file has no {entryName}");
        try
        {
            // ML.NET reads a model as a zip of its own and needs to seek; a zip entry's stream cannot.
            var copy = new MemoryStream();
            using (var stream = entry.Open())
            {
                stream.CopyTo(copy);
            }

            copy.Position = 0;
            return ml.Model.Load(copy, out inputSchema);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ModelFormatException($"{name}: the model's {entryName} is damaged: {e.Message}", e);
        }
    }
}
