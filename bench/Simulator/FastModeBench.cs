using System.Globalization;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.BenchHost;
using DigitalTwin.DeviceSimulator.Dataset;
using DigitalTwin.DeviceSimulator.Scenarios;

namespace DigitalTwin.Simulator;

/// <summary>
/// Fast-mode throughput: the default scenario at the given size, generated four times: the traffic model alone (no
/// writer), then to CSV, to Parquet, and to both plus the ground-truth file as the generate verb does.
/// </summary>
public static class FastModeBench
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        VerbOptions options;
        try
        {
            options = VerbOptions.Parse(args, ["--devices", "--days", "--out"], []);
            options.Integer("--devices", 1, 1_000_000);
            options.Number("--days", 1e-3, 366);
        }
        catch (UsageException e)
        {
            error.WriteLine($"fast-mode: {e.Message}");
            return 2;
        }

        var scenario = ScenarioFile.Load(ScenarioFile.DefaultPath);
        scenario.Devices = (int)(options.Integer("--devices", 1, 1_000_000) ?? 1_000);
        scenario.Days = options.Number("--days", 1e-3, 366) ?? 1;
        var folder = options.Text("--out") ?? Path.Combine(Path.GetTempPath(), "dtn-fast-mode-bench");
        Directory.CreateDirectory(folder);

        output.WriteLine($"machine: {MachineDescription.Read()}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scenario: default, {scenario.Devices} devices x {scenario.Days} days, {scenario.WindowSeconds} s windows"));
        output.WriteLine($"{"run",-28} {"rows",12} {"seconds",9} {"rows/s",10} {"MiB",9}");
        foreach (var run in new[] { "model only", "csv", "parquet", "csv+parquet+ground truth" })
        {
            var plan = ScenarioPlan.Create(scenario);
            var files = new List<string>();
            var writers = new List<IDatasetWriter>();
            if (run.Contains("csv", StringComparison.Ordinal))
            {
                writers.Add(new DatasetCsvWriter(Create(folder, "bench.csv", files), DatasetColumnSet.Labelled));
            }

            if (run.Contains("parquet", StringComparison.Ordinal))
            {
                writers.Add(new DatasetParquetWriter(Create(folder, "bench.parquet", files), DatasetColumnSet.Labelled));
            }

            if (run.Contains("ground truth", StringComparison.Ordinal))
            {
                writers.Add(new DatasetCsvWriter(Create(folder, "bench.ground_truth.csv", files), DatasetColumnSet.GroundTruth));
            }

            GenerationReport report;
            try
            {
                report = await new DatasetGenerator(plan).GenerateAsync(writers);
            }
            finally
            {
                foreach (var writer in writers)
                {
                    await writer.DisposeAsync();
                }
            }

            var bytes = files.Sum(f => new FileInfo(f).Length);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{run,-28} {report.Rows,12} {report.Elapsed.TotalSeconds,9:F1} {report.RowsPerSecond,10:F0} {bytes / 1024.0 / 1024.0,9:F0}"));
            foreach (var file in files)
            {
                File.Delete(file);
            }
        }

        return 0;
    }

    private static FileStream Create(string folder, string name, List<string> files)
    {
        var path = Path.Combine(folder, name);
        files.Add(path);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
    }
}
