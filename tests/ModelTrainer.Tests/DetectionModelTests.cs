using System.IO.Compression;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Models;

namespace DigitalTwin.ModelTrainer.Tests;

[Collection(TrainedModelCollection.Name)]
public sealed class DetectionModelTests(TrainedModelFixture fixture)
{
    private double[] Row(int i) => Enumerable.Range(0, FeatureCatalog.Count).Select(f => (double)fixture.Data.Features[f][i]).ToArray();

    private string Type(int i) => fixture.Data.DeviceTypes[fixture.Data.TypeOf[i]];

    /// <summary>A spread of rows: every anomalous one with traffic among the first thousand rows of each kind, and some normal ones.</summary>
    private int[] SomeRows() =>
        Enumerable.Range(0, fixture.Data.Count).Where(i => fixture.Data.ClassOf[i] != 0 && fixture.Data.Present[i]).Take(200)
            .Concat(Enumerable.Range(0, fixture.Data.Count).Where(i => i % 997 == 0).Take(100))
            .ToArray();

    [Fact]
    public void ASavedAndLoadedModelPredictsTheSame()
    {
        var original = fixture.Trained;
        using var loaded = DetectionModel.Load(fixture.ModelPath);

        Assert.Equal(original.Manifest.Classes, loaded.Manifest.Classes);
        Assert.Equal(original.Manifest.AnomalyThreshold, loaded.Manifest.AnomalyThreshold);
        foreach (var i in SomeRows())
        {
            var before = original.Predict(Row(i), Type(i));
            var after = loaded.Predict(Row(i), Type(i));
            Assert.Equal(before.Probabilities, after.Probabilities);
            Assert.Equal(before.PredictedClass, after.PredictedClass);
            Assert.Equal(before.AnomalyScore, after.AnomalyScore);
        }
    }

    [Fact]
    public void TheManifestSaysWhatTheModelWasTrainedOn()
    {
        using var model = DetectionModel.Load(fixture.ModelPath);
        var manifest = model.Manifest;

        Assert.Equal(FeatureCatalog.SchemaVersion, manifest.FeatureSchemaVersion);
        Assert.Equal(FeatureCatalog.All.Select(f => f.Name), manifest.Features);
        Assert.Contains("normal", manifest.Classes);
        Assert.Equal("default", manifest.Training.ScenarioId);
        Assert.Equal("train", manifest.Training.Split);
        Assert.Equal(0.1, manifest.Trainer.NormalRate);
        Assert.Equal(0.99, manifest.Trainer.LookAlikeQuantile);
        Assert.All(manifest.Classes, c => Assert.True(manifest.Training.WindowsPerClass[c] > 0));
        Assert.Equal(fixture.Data.DeviceTypes.Order(), manifest.Normalisation.DeviceTypes.Keys.Order());
        Assert.True(manifest.AnomalyThreshold > 0);
    }

    [Fact]
    public void EveryNormalLookAlikeIsTrainedOnBesideTheSampledRest()
    {
        var manifest = fixture.Trained.Manifest;
        var data = fixture.Data;
        var normals = Enumerable.Range(0, data.Count).Count(i => !data.Test[i] && data.ClassOf[i] == 0 && data.Present[i]);

        // One normal window in a hundred is a look-alike; nine in ten of those would have been sampled away.
        var expected = normals * 0.01 * 0.9;
        Assert.InRange(manifest.Training.LookAlikeWindows, expected * 0.7, expected * 1.3);
        Assert.InRange(manifest.Training.WindowsPerClass["normal"], normals * 0.1 + expected * 0.7, normals * 0.1 + expected * 1.3 + normals * 0.005);
    }

    [Fact]
    public void AModelTrainedBeforeLookAlikesWereKeptStillLoads()
    {
        var edited = WithManifest("before-look-alikes", text => text.Replace("\"look_alike_quantile\"", "\"unused_quantile\"").Replace("\"look_alike_windows\"", "\"unused_windows\""));

        using var model = DetectionModel.Load(edited);

        Assert.Null(model.Manifest.Trainer.LookAlikeQuantile);
        Assert.Equal(0, model.Manifest.Training.LookAlikeWindows);
    }

    [Fact]
    public void ConcurrentCallersGetTheSamePredictionsAsOne()
    {
        using var model = DetectionModel.Load(fixture.ModelPath);
        var rows = SomeRows();
        var sequential = rows.Select(i => model.Predict(Row(i), Type(i))).ToArray();
        var parallel = new WindowPrediction[rows.Length];

        Parallel.For(0, rows.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k => parallel[k] = model.Predict(Row(rows[k]), Type(rows[k])));

        for (var k = 0; k < rows.Length; k++)
        {
            Assert.Equal(sequential[k].Probabilities, parallel[k].Probabilities);
            Assert.Equal(sequential[k].AnomalyScore, parallel[k].AnomalyScore);
        }
    }

    [Fact]
    public void BulkAndSinglePredictionsAgree()
    {
        using var model = DetectionModel.Load(fixture.ModelPath);
        var rows = SomeRows();

        var bulk = model.PredictMany(rows.Select(i => (Row(i).Select(v => (float)v).ToArray(), Type(i)))).ToArray();

        for (var k = 0; k < rows.Length; k++)
        {
            var single = model.Predict(Row(rows[k]), Type(rows[k]));
            Assert.Equal(single.PredictedClass, bulk[k].PredictedClass);
            Assert.Equal(single.AnomalyScore, bulk[k].AnomalyScore, 6);
        }
    }

    [Fact]
    public void ATypeUnseenInTrainingUsesTheFleetStatistics()
    {
        using var model = DetectionModel.Load(fixture.ModelPath);
        var normalisation = model.Manifest.Normalisation;

        Assert.Same(normalisation.Fleet, normalisation.For("network_host"));
        Assert.NotSame(normalisation.Fleet, normalisation.For(fixture.Data.DeviceTypes[0]));
        var prediction = model.Predict(Row(0), "network_host");
        Assert.Equal(1, prediction.Probabilities.Sum(), 6);
    }

    [Fact]
    public void ATruncatedFileIsRefused()
    {
        var bytes = System.IO.File.ReadAllBytes(fixture.ModelPath);
        var truncated = fixture.File("truncated.dtnmodel");
        System.IO.File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<ModelFormatException>(() => DetectionModel.Load(truncated));
        Assert.Contains("not a model file", error.Message);
        Assert.Contains("truncated.dtnmodel", error.Message);
    }

    [Fact]
    public void ARandomFileIsRefused()
    {
        var random = fixture.File("random.dtnmodel");
        var bytes = new byte[50_000];
        new Random(7).NextBytes(bytes);
        System.IO.File.WriteAllBytes(random, bytes);

        var error = Assert.Throws<ModelFormatException>(() => DetectionModel.Load(random));
        Assert.Contains("not a model file", error.Message);
    }

    [Fact]
    public void AZipWithoutAManifestIsRefused()
    {
        var other = fixture.File("other.zip");
        using (var zip = ZipFile.Open(other, ZipArchiveMode.Create))
        {
            zip.CreateEntry("readme.txt");
        }

        var error = Assert.Throws<ModelFormatException>(() => DetectionModel.Load(other));
        Assert.Contains("has no manifest.json", error.Message);
    }

    [Theory]
    [InlineData("\"feature_schema_version\": 3", "\"feature_schema_version\": 2", "feature schema version 2")]
    [InlineData("\"format_version\": 2", "\"format_version\": 3", "model format version 3")]
    [InlineData("\"format\": \"dtn-detection-model\"", "\"format\": \"something-else\"", "not a model file")]
    [InlineData("\"classes\": [", "\"classes\": 7, \"x\": [", "damaged")]
    public void AManifestThisBuildCannotUseIsRefused(string original, string replacement, string expected)
    {
        var edited = WithManifest("edited", text =>
        {
            Assert.Contains(original, text);
            return text.Replace(original, replacement);
        });

        var error = Assert.Throws<ModelFormatException>(() => DetectionModel.Load(edited));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ADamagedInnerModelIsRefused()
    {
        var edited = fixture.File("damaged-inner.dtnmodel");
        System.IO.File.Copy(fixture.ModelPath, edited);
        using (var zip = ZipFile.Open(edited, ZipArchiveMode.Update))
        {
            zip.GetEntry(DetectionModel.SupervisedEntry)!.Delete();
            using var stream = zip.CreateEntry(DetectionModel.SupervisedEntry).Open();
            stream.Write(new byte[1000]);
        }

        var error = Assert.Throws<ModelFormatException>(() => DetectionModel.Load(edited));
        Assert.Contains("supervised.mlnet is damaged", error.Message);
    }

    /// <summary>A copy of the fixture's model file whose manifest <paramref name="edit"/> rewrote.</summary>
    private string WithManifest(string name, Func<string, string> edit)
    {
        var edited = fixture.File($"{name}-{Guid.NewGuid():N}.dtnmodel");
        System.IO.File.Copy(fixture.ModelPath, edited);
        using var zip = ZipFile.Open(edited, ZipArchiveMode.Update);
        var entry = zip.GetEntry(DetectionModel.ManifestEntry)!;
        string text;
        using (var reader = new StreamReader(entry.Open()))
        {
            text = reader.ReadToEnd();
        }

        entry.Delete();
        using var writer = new StreamWriter(zip.CreateEntry(DetectionModel.ManifestEntry).Open());
        writer.Write(edit(text));
        return edited;
    }
}
