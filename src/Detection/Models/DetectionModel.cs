using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using DigitalTwin.Behaviour.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace DigitalTwin.Detection.Models;

/// <summary>
/// A trained window detector as one <c>.dtnmodel</c> file: a zip holding <c>manifest.json</c> (<see cref="ModelManifest"/>),
/// the supervised ML.NET model (<c>supervised.mlnet</c>: per-class probabilities) and the unsupervised one
/// (<c>anomaly.mlnet</c>: randomized PCA, an anomaly score). Both read the features normalised per device type by the
/// manifest's statistics. <see cref="Predict"/> scores with both models compiled to plain arrays
/// (<see cref="CompiledClassifier"/>, <see cref="CompiledPca"/>: about half the wall time of ML.NET's prediction engine
/// and a third of its CPU, on the caller's thread alone), and falls back to the engine when a model has a structure the compiled form does not know
/// (<see cref="CompilationProblem"/>). <see cref="Predict"/> and <see cref="PredictMany"/> may be called from many
/// threads at once: ML.NET's prediction engines are not thread-safe, so each engine call rents one from a pool.
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
    private readonly CompiledClassifier? _classifier;
    private readonly CompiledPca? _pca;

    internal DetectionModel(ModelManifest manifest, MLContext ml, ITransformer supervised, ITransformer anomaly, DataViewSchema inputSchema)
    {
        Manifest = manifest;
        _ml = ml;
        _supervised = supervised;
        _anomaly = anomaly;
        _inputSchema = inputSchema;
        // The PCA stage's Score and PredictedLabel hide the supervised stage's; its probabilities were copied aside.
        _both = new TransformerChain<ITransformer>(supervised, anomaly);
        (_classifier, _pca, CompilationProblem) = Compile(supervised, anomaly);
    }

    public ModelManifest Manifest { get; }

    /// <summary>
    /// Null when <see cref="Predict"/> scores with the compiled models; otherwise why they could not be compiled, and
    /// <see cref="Predict"/> uses ML.NET's prediction engine (same results, several times the cost).
    /// </summary>
    public string? CompilationProblem { get; }

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
        if (values.Length != FeatureCatalog.Count)
        {
            throw new ArgumentException($"a window holds {FeatureCatalog.Count} feature values, not {values.Length}", nameof(values));
        }

        return _classifier is null || _pca is null ? PredictWithEngine(values, deviceType) : PredictCompiled(_classifier, _pca, values, deviceType);
    }

    /// <summary><see cref="Predict"/> with compiled models: what serves once they are checked, and what is checked.</summary>
    private WindowPrediction PredictCompiled(CompiledClassifier classifier, CompiledPca pca, ReadOnlySpan<double> values, string deviceType)
    {
        Span<float> raw = stackalloc float[FeatureCatalog.Count];
        for (var f = 0; f < raw.Length; f++)
        {
            raw[f] = (float)values[f];
        }

        // The classifier reads the normalised features then their magnitudes, as ML.NET's concatenation lays them out.
        Span<float> input = stackalloc float[2 * FeatureCatalog.Count];
        var features = input[..FeatureCatalog.Count];
        Manifest.Normalisation.Apply(raw, deviceType, features, input[FeatureCatalog.Count..]);
        Span<float> probabilities = stackalloc float[classifier.Classes];
        classifier.Probabilities(input, probabilities);
        return Prediction(probabilities, features, pca.Score(features));
    }

    /// <summary>
    /// <see cref="Predict"/> through ML.NET's prediction engine, as when the models cannot be compiled: what the
    /// compiled models are checked and measured against.
    /// </summary>
    internal WindowPrediction PredictWithEngine(ReadOnlySpan<double> values, string deviceType)
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
            var output = engine.Predict(input);
            return Prediction(output.Probabilities, output.Features, output.Score);
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
            yield return Prediction(output.Probabilities, output.Features, output.Score);
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

    private WindowPrediction Prediction(ReadOnlySpan<float> modelProbabilities, ReadOnlySpan<float> features, float pcaScore)
    {
        var probabilities = new double[modelProbabilities.Length];
        double total = 0;
        var best = 0;
        for (var c = 0; c < probabilities.Length; c++)
        {
            // One-versus-all calibrated scores do not sum to 1; renormalised they read as a distribution.
            probabilities[c] = float.IsNaN(modelProbabilities[c]) ? 0 : Math.Max(modelProbabilities[c], 0);
            total += probabilities[c];
            best = probabilities[c] > probabilities[best] ? c : best;
        }

        for (var c = 0; c < probabilities.Length && total > 0; c++)
        {
            probabilities[c] /= total;
        }

        var score = AnomalyScore(features, pcaScore, Manifest.AnomalyCenter);
        return new WindowPrediction(probabilities, Manifest.Classes[best], score, score > Manifest.AnomalyThreshold)
        {
            PredictedProbability = probabilities.Length == 0 ? 0 : probabilities[best],
        };
    }

    internal static double AnomalyScore(ModelOutput output, IReadOnlyList<double> center) => AnomalyScore(output.Features, output.Score, center);

    /// <summary>
    /// The PCA's reconstruction error itself: ML.NET's score is it divided by the distance from the centre, which
    /// rates a window ten times further out than any normal one like a normal one when its direction is the same, so
    /// the distance is multiplied back in. 0 at the centre, where ML.NET's share is 0 / 0.
    /// </summary>
    private static double AnomalyScore(ReadOnlySpan<float> features, float pcaScore, IReadOnlyList<double> center)
    {
        double squares = 0;
        for (var f = 0; f < features.Length; f++)
        {
            var d = features[f] - center[f];
            squares += d * d;
        }

        return float.IsNaN(pcaScore) ? 0 : pcaScore * Math.Sqrt(squares);
    }

    /// <summary>
    /// Takes both models out of ML.NET (<see cref="CompiledClassifier"/>, <see cref="CompiledPca"/>) and checks them
    /// against ML.NET's prediction engine on a few probe windows: what ML.NET does not expose (how the one-versus-all
    /// model combines its classes, the order of the classifier's columns) is thus confirmed rather than assumed. Any
    /// surprise leaves both null and says why: <see cref="Predict"/> then keeps the engine.
    /// </summary>
    private (CompiledClassifier?, CompiledPca?, string?) Compile(ITransformer supervised, ITransformer anomaly)
    {
        // A loaded model's prediction stages are typed by what its loader knows (not always the model's own type).
        var ova = Stages(supervised).OfType<ISingleFeaturePredictionTransformer<object>>().Where(s => s.Model is OneVersusAllModelParameters).ToArray();
        var pca = Stages(anomaly).OfType<ISingleFeaturePredictionTransformer<object>>().Where(s => s.Model is PcaModelParameters).ToArray();
        if (ova is not [{ FeatureColumnName: ModelInput.ClassifierFeatures, Model: OneVersusAllModelParameters classifierModel }]
            || pca is not [{ FeatureColumnName: nameof(ModelInput.Features), Model: PcaModelParameters pcaModel }])
        {
            return (null, null, $"expected one one-versus-all classifier on {ModelInput.ClassifierFeatures} and one PCA on {nameof(ModelInput.Features)}; found the stages {string.Join(", ", Stages(supervised).Concat(Stages(anomaly)).Select(s => s.GetType().Name))}");
        }

        var classifier = CompiledClassifier.From(classifierModel, 2 * FeatureCatalog.Count, out var problem);
        var compiledPca = CompiledPca.From(pcaModel, FeatureCatalog.Count, out var pcaProblem);
        if (classifier is null || compiledPca is null)
        {
            return (null, null, problem ?? pcaProblem);
        }

        if (classifier.Classes != Manifest.Classes.Count)
        {
            return (null, null, $"the classifier gives {classifier.Classes} probabilities for the manifest's {Manifest.Classes.Count} classes");
        }

        // Probes: an empty window and windows from a few packets to floods, of a trained type and of an unseen one.
        var random = new Random(1);
        var deviceTypes = Manifest.Normalisation.DeviceTypes.Keys.Order(StringComparer.Ordinal).Take(1).Append("probe-unseen-type").ToArray();
        var disagreement = Enumerable.Range(0, 8)
            .Select(p => Enumerable.Range(0, FeatureCatalog.Count).Select(_ => p == 0 ? 0 : Math.Round(Math.Pow(10, random.NextDouble() * p) - 1, 2)).ToArray())
            .SelectMany(values => deviceTypes.Select(type => Disagreement(classifier, compiledPca, values, type)))
            .FirstOrDefault(d => d is not null);
        return disagreement is null ? (classifier, compiledPca, null) : (null, null, disagreement);
    }

    private string? Disagreement(CompiledClassifier classifier, CompiledPca pca, double[] values, string deviceType)
    {
        var engine = PredictWithEngine(values, deviceType);
        var compiled = PredictCompiled(classifier, pca, values, deviceType);
        var probabilityGap = compiled.Probabilities.Zip(engine.Probabilities).Max(p => Math.Abs(p.First - p.Second));
        var agree = compiled.PredictedClass == engine.PredictedClass
            && compiled.Probabilities.Zip(engine.Probabilities).All(p => Math.Abs(p.First - p.Second) <= 1e-5 * Math.Max(Math.Abs(p.Second), 1e-3))
            && Math.Abs(compiled.AnomalyScore - engine.AnomalyScore) <= 1e-4 * Math.Max(Math.Abs(engine.AnomalyScore), 1e-3);
        return agree ? null : $"the compiled models disagreed with ML.NET on a probe window of type '{deviceType}' (class {compiled.PredictedClass} against {engine.PredictedClass}, probabilities up to {probabilityGap:G3} apart, anomaly score {compiled.AnomalyScore:G6} against {engine.AnomalyScore:G6})";
    }

    /// <summary>A model's stages in order, chains opened (a loaded model is a chain, perhaps of chains).</summary>
    private static IEnumerable<ITransformer> Stages(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Stages) : [transformer];

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
