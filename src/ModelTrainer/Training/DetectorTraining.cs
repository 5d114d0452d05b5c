using System.Diagnostics;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Models;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace DigitalTwin.ModelTrainer.Training;

/// <summary>
/// Fits a <see cref="DetectionModel"/> on the rows of a labelled dataset that <see cref="TrainingOptions.AllRows"/>
/// selects (the device split's train devices by default). Anomalous windows whose episode put no traffic in them
/// (<c>traffic_present</c> false) are left out of everything: they are no example of the anomaly (nothing of it is
/// there) and no example of normal traffic either (the remembering features may still carry the episode).
/// </summary>
internal static class DetectorTraining
{
    public static DetectionModel Train(LabelledWindows data, TrainingOptions options, TextWriter progress)
    {
        var clock = Stopwatch.StartNew();
        var random = new Random(options.Seed);
        var included = Enumerable.Range(0, data.Count).Where(i => options.AllRows || !data.Test[i]).ToArray();
        var normals = included.Where(i => data.ClassOf[i] == LabelledWindows.Normal).ToArray();
        var withoutTraffic = included.LongCount(i => data.ClassOf[i] != LabelledWindows.Normal && !data.Present[i]);
        if (normals.Length == 0)
        {
            throw new InvalidOperationException($"{data.Path}: no normal window in the {(options.AllRows ? "file" : "train split")} to fit the statistics on");
        }

        // One seeded sample of normal windows gives the normalisation, the PCA detector and the z-score reference.
        var sample = normals.Length <= options.NormalSample
            ? normals
            : normals.OrderBy(_ => random.Next()).Take(options.NormalSample).Order().ToArray();
        var sampleColumns = data.Features.Select(column => sample.Select(i => column[i]).ToArray()).ToArray();
        var sampleTypes = sample.Select(i => data.TypeOf[i]).ToArray();
        var normalisation = FeatureNormalisation.Fit(sampleColumns, sampleTypes, data.DeviceTypes);
        var reference = ZScoreReference.Fit(sampleColumns, sampleTypes, data.DeviceTypes, options.AnomalyQuantile);
        progress.WriteLine($"statistics from {sample.Length:N0} normal windows of {normalisation.DeviceTypes.Count} device types");

        // The benign look-alikes (a nightly backup, a reboot's reconnect burst) are a small share of normal windows, and a
        // uniform sample would keep a tenth of them: the classifier would learn them as rarely as it meets them and take
        // them for the attacks they resemble. So every normal window the z-score reference finds as unusual as the
        // look-alike quantile is kept, and the ordinary rest at the normal rate.
        var lookAlike = LookAlikes(data, normals, reference, options.LookAlikeQuantile);
        var perClass = new long[data.Classes.Count];
        long lookAlikes = 0;
        var supervisedRows = new List<ModelInput>();
        foreach (var i in included)
        {
            var c = data.ClassOf[i];
            if (!data.Present[i])
            {
                continue;
            }

            if (c == LabelledWindows.Normal)
            {
                var kept = random.NextDouble() < options.NormalRate;
                if (lookAlike[i])
                {
                    lookAlikes += kept ? 0 : 1;
                    kept = true;
                }

                if (!kept)
                {
                    continue;
                }
            }

            perClass[c]++;
            supervisedRows.Add(Input(data, i, normalisation));
        }

        var trained = perClass.Count(n => n > 0);
        if (trained < 2)
        {
            throw new InvalidOperationException($"{data.Path}: the training rows hold {trained} class; the classifier needs normal and at least one anomaly class");
        }

        var ml = new MLContext(options.Seed);
        var schema = DetectionModel.InputSchema();
        var supervisedData = ml.Data.LoadFromEnumerable(supervisedRows, schema);
        progress.WriteLine($"training the classifier on {supervisedRows.Count:N0} windows ({options.Trees} trees per class)");
        var supervised = ml.Transforms.Conversion.MapValueToKey(nameof(ModelInput.Label), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Concatenate(ModelInput.ClassifierFeatures, nameof(ModelInput.Features), nameof(ModelInput.Magnitudes)))
            .Append(ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastTree(
                    featureColumnName: ModelInput.ClassifierFeatures, numberOfLeaves: options.Leaves, numberOfTrees: options.Trees, learningRate: options.LearningRate),
                labelColumnName: nameof(ModelInput.Label)))
            .Append(ml.Transforms.CopyColumns(nameof(ModelOutput.Probabilities), "Score"))
            .Fit(supervisedData);
        var classes = ClassesOf(supervised, supervisedData.Schema);

        progress.WriteLine($"fitting the PCA detector on {sample.Length:N0} normal windows (rank {options.PcaRank})");
        var normalInputs = sample.Select(i => Input(data, i, normalisation)).ToArray();
        var normalData = ml.Data.LoadFromEnumerable(normalInputs, schema);
        var anomaly = ml.AnomalyDetection.Trainers.RandomizedPca(nameof(ModelInput.Features), rank: options.PcaRank, seed: options.Seed).Fit(normalData);
        // The PCA centres on the sample's mean (ensureZeroMean); the same mean turns its share back into an error.
        var center = Enumerable.Range(0, FeatureCatalog.Count).Select(f => normalInputs.Average(x => (double)x.Features[f])).ToArray();
        var scores = ml.Data.CreateEnumerable<ModelOutput>(anomaly.Transform(normalData), reuseRowObject: true, ignoreMissingColumns: true)
            .Select(o => DetectionModel.AnomalyScore(o, center))
            .ToArray();
        var threshold = Quantile.Of(scores, options.AnomalyQuantile);

        var manifest = new ModelManifest(
            ModelManifest.FormatName,
            ModelManifest.CurrentFormatVersion,
            FeatureCatalog.SchemaVersion,
            FeatureCatalog.All.Select(f => f.Name).ToArray(),
            classes,
            normalisation,
            center,
            threshold,
            reference,
            new TrainingProvenance(
                Path.GetFileName(data.Path),
                data.Provenance?.ScenarioId,
                data.Provenance?.Seed,
                data.Provenance?.GeneratorVersion,
                options.AllRows ? "all" : "train",
                Enumerable.Range(0, data.Classes.Count).Where(c => perClass[c] > 0).ToDictionary(c => data.Classes[c], c => perClass[c]),
                sample.Length,
                withoutTraffic,
                lookAlikes),
            new TrainerSettings(
                "ML.NET FastTree, one versus all, calibrated",
                options.Trees,
                options.Leaves,
                options.LearningRate,
                options.NormalRate,
                "ML.NET randomized PCA",
                options.PcaRank,
                options.NormalSample,
                options.AnomalyQuantile,
                options.Seed,
                Math.Round(clock.Elapsed.TotalSeconds, 1),
                options.LookAlikeQuantile),
            DateTimeOffset.UtcNow);
        return new DetectionModel(manifest, ml, supervised, anomaly, supervisedData.Schema);
    }

    private static string[] ClassesOf(ITransformer supervised, DataViewSchema inputSchema)
    {
        // The probabilities come in the order of the label's keys (by value, as set above).
        var keys = default(VBuffer<ReadOnlyMemory<char>>);
        supervised.GetOutputSchema(inputSchema)[nameof(ModelInput.Label)].GetKeyValues(ref keys);
        return keys.DenseValues().Select(k => k.ToString()).ToArray();
    }

    /// <summary>
    /// Which rows are normal look-alikes: the normal windows whose z-score reference score is at least its
    /// <paramref name="quantile"/> over <paramref name="normals"/>.
    /// </summary>
    private static bool[] LookAlikes(LabelledWindows data, int[] normals, ZScoreReference reference, double quantile)
    {
        var raw = new float[FeatureCatalog.Count];
        var scores = new double[normals.Length];
        for (var n = 0; n < normals.Length; n++)
        {
            for (var f = 0; f < raw.Length; f++)
            {
                raw[f] = data.Features[f][normals[n]];
            }

            scores[n] = reference.Score(raw, data.DeviceTypes[data.TypeOf[normals[n]]]);
        }

        var cut = Quantile.Of(scores, quantile);
        var lookAlike = new bool[data.Count];
        for (var n = 0; n < normals.Length; n++)
        {
            lookAlike[normals[n]] = scores[n] >= cut;
        }

        return lookAlike;
    }

    private static ModelInput Input(LabelledWindows data, int row, FeatureNormalisation normalisation)
    {
        var raw = new float[FeatureCatalog.Count];
        for (var f = 0; f < raw.Length; f++)
        {
            raw[f] = data.Features[f][row];
        }

        return ModelInput.Of(raw, data.DeviceTypes[data.TypeOf[row]], normalisation, data.Classes[data.ClassOf[row]]);
    }
}
