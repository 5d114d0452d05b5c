using System.Text.Json;
using DigitalTwin.ModelTrainer.Evaluation;
using DigitalTwin.ModelTrainer.Training;

namespace DigitalTwin.ModelTrainer.Tests;

[Collection(TrainedModelCollection.Name)]
public sealed class TrainAndEvaluateTests(TrainedModelFixture fixture)
{
    [Fact]
    public async Task TrainThenEvaluateWritesTheReportAndItsPlots()
    {
        var model = fixture.File("e2e.dtnmodel");
        var report = fixture.File("report");

        Assert.Equal(0, await TrainCommand.RunAsync(["--data", fixture.DatasetPath, "--out", model, "--trees", "5", "--normal-sample", "5000"], TextWriter.Null));
        Assert.Equal(0, await EvaluateCommand.RunAsync(["--model", model, "--data", fixture.DatasetPath, "--out", report, "--split", "all", "--importance-per-class", "20"], TextWriter.Null));

        foreach (var name in new[] { "report.md", "report.json", "roc-classes.png", "pr-classes.png", "roc-detectors.png", "pr-detectors.png", "confusion-matrix.png" })
        {
            Assert.True(File.Exists(Path.Combine(report, name)), name);
        }

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(report, "report.json")));
        var macroF1 = json.RootElement.GetProperty("macro_f1").GetDouble();
        Assert.InRange(macroF1, 0, 1);
        var detectors = json.RootElement.GetProperty("detectors").EnumerateArray().Select(d => d.GetProperty("name").GetString() ?? "").ToArray();
        Assert.Equal(new[] { "supervised (FastTree)", "unsupervised (PCA)", "z-score reference", "online baseline (twins)" }, detectors);
        Assert.Equal(15, json.RootElement.GetProperty("permutation_importance").GetArrayLength());
        var png = await File.ReadAllBytesAsync(Path.Combine(report, "confusion-matrix.png"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Contains("Macro-F1", await File.ReadAllTextAsync(Path.Combine(report, "report.md")));
    }

    [Fact]
    public async Task BadOptionsNameTheOption()
    {
        var error = await Assert.ThrowsAsync<Behaviour.CommandLine.UsageException>(() => TrainCommand.RunAsync(["--data", fixture.DatasetPath, "--split", "test"], TextWriter.Null));
        Assert.Contains("--split", error.Message);
        error = await Assert.ThrowsAsync<Behaviour.CommandLine.UsageException>(() => EvaluateCommand.RunAsync(["--model", "missing.dtnmodel", "--data", fixture.DatasetPath, "--out", "x"], TextWriter.Null));
        Assert.Contains("--model", error.Message);
    }

    [Fact]
    public void TheOptionsDefaultsAreTheDocumentedOnes()
    {
        var options = TrainingOptions.Parse(["--data", fixture.DatasetPath]);

        Assert.Equal(0.1, options.NormalRate);
        Assert.Equal(0.99, options.LookAlikeQuantile);
        Assert.False(options.AllRows);
        Assert.Equal("model.dtnmodel", options.Out);
        Assert.False(EvaluationOptions.Parse(["--model", fixture.DatasetPath, "--data", fixture.DatasetPath, "--out", "x"]).AllRows);
    }
}
