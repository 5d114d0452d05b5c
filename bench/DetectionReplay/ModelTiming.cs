using System.Diagnostics;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Detection.Models;

namespace DigitalTwin.Bench.DetectionReplay;

/// <summary>
/// Times the trained model's prediction alone on a spread of the dataset's windows (every 100th row): ML.NET's
/// prediction engine against the compiled models <see cref="DetectionModel.Predict"/> uses, in alternating rounds over
/// the same windows in the same process, so a machine busy with other work slows both alike. Reports per window the
/// wall time and the process's CPU time (the engine runs its classes on a <c>Parallel.For</c>, so its CPU exceeds its
/// wall time on several cores), and how many windows' verdicts differ.
/// </summary>
internal static class ModelTiming
{
    private const int RowStep = 100;
    private const int Rounds = 5;

    public static async Task<string> RunAsync(string path, DetectionModel model, int windows, CancellationToken cancellationToken)
    {
        var sample = new List<(double[] Values, string DeviceType)>(windows);
        await using (var file = File.OpenRead(path))
        await using (var reader = await DatasetParquetReader.OpenAsync(file, cancellationToken))
        {
            long row = 0;
            await foreach (var r in reader.ReadRowsAsync(cancellationToken))
            {
                if (row++ % RowStep == 0)
                {
                    sample.Add((r.Window.Values, r.DeviceType));
                    if (sample.Count == windows)
                    {
                        break;
                    }
                }
            }
        }

        var differing = sample.Count(w => !Same(model.PredictWithEngine(w.Values, w.DeviceType), model.Predict(w.Values, w.DeviceType)));
        var engine = new List<(double Wall, double Cpu)>();
        var compiled = new List<(double Wall, double Cpu)>();
        for (var round = 0; round < Rounds; round++)
        {
            engine.Add(Time(sample, w => model.PredictWithEngine(w.Values, w.DeviceType)));
            compiled.Add(Time(sample, w => model.Predict(w.Values, w.DeviceType)));
        }

        return $"""
            Model prediction alone, {sample.Count:N0} windows x {Rounds} alternating rounds (median round; µs per window, wall / process CPU):
              ML.NET prediction engine: {Median(engine, t => t.Wall):0.00} / {Median(engine, t => t.Cpu):0.00}
              compiled ({(model.CompilationProblem is null ? "in use" : "NOT in use: " + model.CompilationProblem)}): {Median(compiled, t => t.Wall):0.00} / {Median(compiled, t => t.Cpu):0.00}
              windows whose verdicts differ (class, probabilities, anomaly score): {differing}
            """;
    }

    private static (double Wall, double Cpu) Time(List<(double[] Values, string DeviceType)> sample, Func<(double[] Values, string DeviceType), WindowPrediction> predict)
    {
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        foreach (var window in sample)
        {
            predict(window);
        }

        var wall = clock.Elapsed;
        process.Refresh();
        return (wall.TotalMicroseconds / sample.Count, (process.TotalProcessorTime - cpu).TotalMicroseconds / sample.Count);
    }

    private static double Median(List<(double Wall, double Cpu)> rounds, Func<(double Wall, double Cpu), double> figure)
    {
        var sorted = rounds.Select(figure).Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static bool Same(WindowPrediction a, WindowPrediction b) =>
        a.PredictedClass == b.PredictedClass && a.Probabilities.SequenceEqual(b.Probabilities) && a.AnomalyScore.Equals(b.AnomalyScore);
}
