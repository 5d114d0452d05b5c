using System.Diagnostics;
using DigitalTwin.Behaviour.Dataset;

namespace DigitalTwin.ModelTrainer.Training;

/// <summary>The <c>train</c> verb: reads a labelled dataset, fits both detectors, writes the model file.</summary>
internal static class TrainCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken = default)
    {
        var options = TrainingOptions.Parse(args);
        var clock = Stopwatch.StartNew();
        output.WriteLine($"reading {options.Data}");
        var data = await LabelledWindows.ReadAsync(options.Data, cancellationToken);
        var read = clock.Elapsed;
        using var model = DetectorTraining.Train(data, options, output);
        model.Save(options.Out);
        var manifest = model.Manifest;
        output.WriteLine($"classes: {string.Join(", ", manifest.Classes)}");
        output.WriteLine($"training windows per class: {string.Join(", ", manifest.Training.WindowsPerClass.Select(p => $"{p.Key} {p.Value}"))}");
        output.WriteLine($"normal look-alikes kept beside the sampled normal windows: {manifest.Training.LookAlikeWindows}");
        output.WriteLine($"anomalous windows without traffic left out: {manifest.Training.ExcludedWithoutTraffic}");
        output.WriteLine($"PCA threshold ({manifest.Trainer.AnomalyQuantile} of normal scores): {manifest.AnomalyThreshold:G5}");
        output.WriteLine($"read {read.TotalSeconds:F1} s, trained {manifest.Trainer.TrainingSeconds:F1} s, total {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"wrote {options.Out}");
        return 0;
    }
}
