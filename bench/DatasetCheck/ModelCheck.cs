using System.Diagnostics;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Evaluation;
using DigitalTwin.Behaviour.Features;
using Microsoft.ML;
using Microsoft.ML.Data;
using ConfusionMatrix = DigitalTwin.Behaviour.Evaluation.ConfusionMatrix;

namespace DigitalTwin.Bench.DatasetCheck;

/// <summary>
/// A simple supervised baseline: one-versus-all FastTree (one gradient-boosted binary tree ensemble per class, the
/// highest score wins) on every feature column, no identity, provenance or label column, no device type. FastTree
/// rather than LightGBM multiclass: ML.NET 6's LightGBM trainer runs here, but its multiclass model missed classes a
/// single threshold separates perfectly (dns_tunnelling, protocol_mix), while FastTree one-versus-all learns them. It trains on the training file's <c>train</c> devices, with
/// normal rows kept at <paramref name="normalRate"/> (seeded) to bound the training time; every anomalous row with
/// its traffic is kept. It is scored on every row, none subsampled.
/// </summary>
internal sealed class ModelCheck(int seed, double normalRate, int trees)
{
    public ModelResult Run(LabelledWindows train, LabelledWindows evaluation)
    {
        var classes = train.Classes.Concat(evaluation.Classes.Except(train.Classes)).ToArray();
        var ml = new MLContext(seed);
        var random = new Random(seed);
        var trainingRows = new long[classes.Length];
        var training = new List<ModelInput>();
        for (var i = 0; i < train.Count; i++)
        {
            var c = train.ClassOf[i];
            if (train.Test[i] || !train.Present[i] || (c == LabelledWindows.Normal && random.NextDouble() >= normalRate))
            {
                continue;
            }

            trainingRows[c]++;
            training.Add(Input(train, i));
        }

        var schema = SchemaDefinition.Create(typeof(ModelInput));
        schema[nameof(ModelInput.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureCatalog.Count);
        var clock = Stopwatch.StartNew();
        var pipeline = ml.Transforms.Conversion.MapValueToKey(nameof(ModelInput.Label))
            .Append(ml.MulticlassClassification.Trainers.OneVersusAll(
                ml.BinaryClassification.Trainers.FastTree(numberOfTrees: trees),
                labelColumnName: nameof(ModelInput.Label)))
            .Append(ml.Transforms.Conversion.MapKeyToValue(nameof(ModelOutput.PredictedLabel)));
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(training, schema));
        var trainingTime = clock.Elapsed;

        return new ModelResult(
            classes,
            trainingRows,
            Score(ml, model, schema, train, classes, i => train.Test[i]),
            Score(ml, model, schema, evaluation, classes, _ => true),
            trainingTime);
    }

    private static ConfusionMatrix Score(MLContext ml, ITransformer model, SchemaDefinition schema, LabelledWindows data, string[] classes, Func<int, bool> include)
    {
        // Anomalous windows without their episode's traffic are neither hits nor misses (docs/dataset.md, "Scoring").
        var rows = Enumerable.Range(0, data.Count).Where(i => include(i) && data.Present[i]).ToArray();
        var predictions = model.Transform(ml.Data.LoadFromEnumerable(rows.Select(i => Input(data, i)), schema));
        var matrix = new ConfusionMatrix(classes.Length);
        var index = classes.Select((name, c) => (name, c)).ToDictionary(p => p.name, p => p.c, StringComparer.Ordinal);
        var r = 0;
        foreach (var output in ml.Data.CreateEnumerable<ModelOutput>(predictions, reuseRowObject: true))
        {
            var actual = index[data.Classes[data.ClassOf[rows[r++]]]];
            matrix.Add(actual, index[output.PredictedLabel]);
        }

        return matrix;
    }

    private static ModelInput Input(LabelledWindows data, int row)
    {
        var features = new float[FeatureCatalog.Count];
        for (var f = 0; f < features.Length; f++)
        {
            features[f] = data.Features[f][row];
        }

        return new ModelInput { Features = features, Label = data.Classes[data.ClassOf[row]] };
    }
}
