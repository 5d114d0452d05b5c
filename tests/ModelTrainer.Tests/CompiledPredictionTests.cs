using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Models;
using DigitalTwin.ModelTrainer.Training;

namespace DigitalTwin.ModelTrainer.Tests;

/// <summary>
/// <see cref="DetectionModel.Predict"/> scores with the models compiled out of ML.NET; these check it against ML.NET's
/// own prediction engine window by window, on the fixture's windows and on windows no dataset holds.
/// </summary>
[Collection(TrainedModelCollection.Name)]
public sealed class CompiledPredictionTests(TrainedModelFixture fixture)
{
    private double[] Row(int i) => Enumerable.Range(0, FeatureCatalog.Count).Select(f => (double)fixture.Data.Features[f][i]).ToArray();

    private string Type(int i) => fixture.Data.DeviceTypes[fixture.Data.TypeOf[i]];

    [Fact]
    public void BothTheTrainedAndTheLoadedModelCompile()
    {
        using var loaded = DetectionModel.Load(fixture.ModelPath);

        Assert.True(fixture.Trained.CompilationProblem is null, fixture.Trained.CompilationProblem);
        Assert.True(loaded.CompilationProblem is null, loaded.CompilationProblem);
    }

    [Fact]
    public void CompiledPredictionsMatchTheEngineOnTheDatasetsWindows()
    {
        using var model = DetectionModel.Load(fixture.ModelPath);
        // Every class's windows with traffic, and a spread of the rest (normal, and anomalous without traffic).
        var rows = Enumerable.Range(0, fixture.Data.Count).Where(i => fixture.Data.ClassOf[i] != 0 && fixture.Data.Present[i]).Where((_, k) => k % 3 == 0)
            .Concat(Enumerable.Range(0, fixture.Data.Count).Where(i => i % 97 == 0))
            .ToArray();

        Assert.True(rows.Length > 1_000);
        foreach (var i in rows)
        {
            AssertSame(model, Row(i), Type(i));
        }
    }

    [Fact]
    public void CompiledPredictionsMatchTheEngineOnUnmeasuredUnseenAndExtremeWindows()
    {
        using var model = DetectionModel.Load(fixture.ModelPath);
        var random = new Random(5);
        double[] extremes = [0, -1, -1e6, 1e-30, 1e12, 3.4e38, 1e300, double.MaxValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN];
        var rows = Enumerable.Range(0, fixture.Data.Count).Where(i => i % 53 == 0).Take(300).ToArray();
        foreach (var i in rows)
        {
            var row = Row(i);
            var unmeasured = row.Select(v => random.NextDouble() < 0.3 ? double.NaN : v).ToArray();
            var scaled = row.Select(v => v * Math.Pow(10, random.Next(-3, 7))).ToArray();
            var extreme = row.Select(v => random.NextDouble() < 0.1 ? extremes[random.Next(extremes.Length)] : v).ToArray();

            AssertSame(model, unmeasured, Type(i));
            AssertSame(model, scaled, Type(i));
            AssertSame(model, extreme, Type(i));
            AssertSame(model, row, "network_host");
            AssertSame(model, unmeasured, "");
        }

        AssertSame(model, new double[FeatureCatalog.Count], Type(0));
        AssertSame(model, Enumerable.Repeat(double.NaN, FeatureCatalog.Count).ToArray(), "network_host");
        foreach (var value in extremes)
        {
            AssertSame(model, Enumerable.Repeat(value, FeatureCatalog.Count).ToArray(), Type(0));
        }
    }

    [Fact]
    public void TreesOfUpToSixtyFourLeavesCompileAndPredictAsTheEngine()
    {
        // The fixture's trees have 8 leaves: these use every bit of a tree's word.
        using var model = DetectorTraining.Train(fixture.Data, TrainedModelFixture.Options(fixture.DatasetPath) with { Trees = 3, Leaves = CompiledClassifier.MaximumLeaves }, TextWriter.Null);
        var rows = Enumerable.Range(0, fixture.Data.Count).Where(i => fixture.Data.ClassOf[i] != 0 && fixture.Data.Present[i]).Where((_, k) => k % 5 == 0)
            .Concat(Enumerable.Range(0, fixture.Data.Count).Where(i => i % 211 == 0))
            .ToArray();

        foreach (var i in rows)
        {
            AssertSame(model, Row(i), Type(i));
        }
    }

    [Fact]
    public void AModelWithLargerTreesKeepsTheEngineAndSaysWhy()
    {
        using var model = DetectorTraining.Train(fixture.Data, TrainedModelFixture.Options(fixture.DatasetPath) with { Trees = 2, Leaves = 200 }, TextWriter.Null);

        Assert.Contains($"more than the {CompiledClassifier.MaximumLeaves}", model.CompilationProblem);
        var engine = model.PredictWithEngine(Row(0), Type(0));
        Assert.Equal(engine.Probabilities, model.Predict(Row(0), Type(0)).Probabilities);
    }

    [Fact]
    public void AWindowOfTheWrongLengthIsRefused()
    {
        using var model = DetectionModel.Load(fixture.ModelPath);

        Assert.Throws<ArgumentException>(() => model.Predict(new double[FeatureCatalog.Count - 1], Type(0)));
    }

    private static void AssertSame(DetectionModel model, double[] values, string deviceType)
    {
        // A model that failed its probes at load predicts through the engine, which would make this compare it with itself.
        Assert.True(model.CompilationProblem is null, model.CompilationProblem);
        var engine = model.PredictWithEngine(values, deviceType);
        var compiled = model.Predict(values, deviceType);

        Assert.Equal(engine.PredictedClass, compiled.PredictedClass);
        Assert.Equal(engine.Probabilities.Count, compiled.Probabilities.Count);
        for (var c = 0; c < engine.Probabilities.Count; c++)
        {
            Assert.True(Close(engine.Probabilities[c], compiled.Probabilities[c], 1e-5), $"class {c}: {compiled.Probabilities[c]:R} compiled, {engine.Probabilities[c]:R} by ML.NET");
        }

        Assert.True(Close(engine.AnomalyScore, compiled.AnomalyScore, 1e-4), $"anomaly score {compiled.AnomalyScore:R} compiled, {engine.AnomalyScore:R} by ML.NET");
        Assert.Equal(engine.AnomalyFlagged, compiled.AnomalyFlagged);
    }

    private static bool Close(double expected, double actual, double relative) =>
        expected == actual || Math.Abs(expected - actual) <= relative * Math.Abs(expected);
}
