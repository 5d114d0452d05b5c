using System.Globalization;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.DeviceSimulator.Scenarios;

namespace DigitalTwin.DeviceSimulator.Dataset;

/// <summary>The <c>generate</c> verb: fast mode, writing a scenario's labelled dataset and its ground-truth file.</summary>
public static class GenerateCommand
{
    public const string Usage = """
        Usage: generate [options]

        Fast mode: runs the scenario on a simulated clock (no broker) and writes a labelled dataset, one row per
        device x window, plus a ground-truth file. The same scenario and seed give byte-identical files.

        Options:
          --scenario <file>     scenario JSON (default: the shipped Scenarios/default.json; Scenarios/evaluation.json,
                                for out-of-distribution evaluation, ships beside it)
          --devices <n>         override the scenario's number of devices
          --days <d>            override the scenario's length in days (fractions allowed)
          --window <seconds>    override the window length
          --seed <n>            override the scenario's seed
          --out <dir>           output folder (default: dataset)
          --format <f>          csv, parquet or both (default: both)
          --test-share <x>      share of each device type in the test split (default: 0.2)
          --help                this text

        Writes <out>/<scenario_id>.csv and/or .parquet and <out>/<scenario_id>.ground_truth.csv.
        """;

    private static readonly string[] ValueOptions = ["--scenario", "--devices", "--days", "--window", "--seed", "--out", "--format", "--test-share"];

    private static readonly Dictionary<string, (bool Csv, bool Parquet)> Formats = new()
    {
        ["csv"] = (true, false),
        ["parquet"] = (false, true),
        ["both"] = (true, true),
    };

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        VerbOptions options;
        Scenario scenario;
        double testShare;
        (bool Csv, bool Parquet) format;
        try
        {
            options = VerbOptions.Parse(args, ValueOptions, ["--help", "-h"]);
            if (options.Has("--help") || options.Has("-h"))
            {
                output.WriteLine(Usage);
                return 0;
            }

            format = options.Choice("--format", Formats, Formats["both"]);
            testShare = options.Number("--test-share", 0, 1) ?? 0.2;
            var path = options.Text("--scenario") ?? ScenarioFile.DefaultPath;
            scenario = ScenarioFile.Load(path);
            scenario.Devices = (int?)options.Integer("--devices", 1, 1_000_000) ?? scenario.Devices;
            scenario.Days = options.Number("--days", 1e-6, 366) ?? scenario.Days;
            scenario.WindowSeconds = options.Number("--window", 1, 3_600) ?? scenario.WindowSeconds;
            scenario.Seed = options.Integer("--seed", 0, long.MaxValue) ?? scenario.Seed;
            ScenarioFile.EnsureValid(scenario, path);
        }
        catch (UsageException e)
        {
            error.WriteLine($"generate: {e.Message}\n\n{Usage}");
            return 2;
        }
        catch (ScenarioException e)
        {
            error.WriteLine($"generate: bad scenario: {e.Message}");
            return 2;
        }

        var plan = ScenarioPlan.Create(scenario, testShare: testShare);
        var folder = options.Text("--out") ?? "dataset";
        Directory.CreateDirectory(folder);
        var writers = new List<IDatasetWriter>();
        var files = new List<string>();
        try
        {
            if (format.Csv)
            {
                writers.Add(new DatasetCsvWriter(Create(folder, $"{scenario.ScenarioId}.csv", files), DatasetColumnSet.Labelled));
            }

            if (format.Parquet)
            {
                writers.Add(new DatasetParquetWriter(Create(folder, $"{scenario.ScenarioId}.parquet", files), DatasetColumnSet.Labelled));
            }

            writers.Add(new DatasetCsvWriter(Create(folder, $"{scenario.ScenarioId}.ground_truth.csv", files), DatasetColumnSet.GroundTruth));
            output.WriteLine(
                $"generating scenario '{scenario.ScenarioId}' seed {scenario.Seed}: {plan.Devices.Count} devices x {plan.WindowCount} windows of {plan.WindowSeconds} s from {DatasetText.Of(plan.Start)}");
            var report = await new DatasetGenerator(plan).GenerateAsync(writers, cancellationToken);
            Print(report, files, output);
            return 0;
        }
        finally
        {
            foreach (var writer in writers)
            {
                await writer.DisposeAsync();
            }
        }
    }

    /// <summary>Prints the run's figures and class balance; used by the bench too.</summary>
    public static void Print(GenerationReport report, IEnumerable<string> files, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"rows: {report.Rows}"));
        output.WriteLine(string.Create(c, $"elapsed: {report.Elapsed.TotalSeconds:F1} s"));
        output.WriteLine(string.Create(c, $"rows/s: {report.RowsPerSecond:F0}"));
        output.WriteLine("class balance (rows):");
        foreach (var (name, count) in report.RowsByClass)
        {
            output.WriteLine(string.Create(c, $"  {name,-20} {count,12} {(report.Rows == 0 ? 0 : 100.0 * count / report.Rows),8:F3} %"));
        }

        foreach (var file in files)
        {
            output.WriteLine($"wrote {file}");
        }
    }

    private static FileStream Create(string folder, string name, List<string> files)
    {
        var path = Path.Combine(folder, name);
        files.Add(path);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: false);
    }
}
