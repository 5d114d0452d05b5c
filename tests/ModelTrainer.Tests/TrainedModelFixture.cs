using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.DeviceSimulator.Dataset;
using DigitalTwin.Detection.Models;
using DigitalTwin.ModelTrainer.Training;

namespace DigitalTwin.ModelTrainer.Tests;

/// <summary>
/// One small labelled dataset generated in-process (40 devices × 6 hours of the default scenario) and a model trained
/// on it with few trees, shared by the tests of the collection: generating and training once keeps the project fast.
/// </summary>
public sealed class TrainedModelFixture : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "dtn-trainer-tests-" + Guid.NewGuid().ToString("N"));

    public string DatasetPath => Path.Combine(Folder, "default.parquet");

    public string CsvPath => Path.Combine(Folder, "default.csv");

    public string ModelPath => Path.Combine(Folder, "fixture.dtnmodel");

    public LabelledWindows Data { get; private set; } = null!;

    /// <summary>The model as trained, never saved and loaded: what a loaded copy must predict like.</summary>
    public DetectionModel Trained { get; private set; } = null!;

    public static TrainingOptions Options(string data) => new() { Data = data, Trees = 20, Leaves = 8, NormalSample = 5_000, PcaRank = 6 };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        var error = new StringWriter();
        var code = await GenerateCommand.RunAsync(["--devices", "40", "--days", "0.25", "--format", "both", "--out", Folder], TextWriter.Null, error);
        Assert.True(code == 0, error.ToString());
        Data = await LabelledWindows.ReadAsync(DatasetPath, CancellationToken.None);
        Trained = DetectorTraining.Train(Data, Options(DatasetPath), TextWriter.Null);
        Trained.Save(ModelPath);
    }

    public Task DisposeAsync()
    {
        Trained.Dispose();
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    public string File(string name) => Path.Combine(Folder, name);
}
