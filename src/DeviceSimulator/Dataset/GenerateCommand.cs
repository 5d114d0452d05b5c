using System.Globalization;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.DeviceSimulator.Packets;
using DigitalTwin.DeviceSimulator.Scenarios;
using DigitalTwin.DeviceSimulator.Traffic;

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
          --test-share <x>      share of the devices of each type and anomaly class in the test split, and
                                share of the run at its end in the time split's test (default: 0.2)
          --pcap <file>         also write the run's packets as a pcap file, warm-up included, and beside it
                                <file>.hosts.csv mapping each device's address to its id and type (the probe's
                                --map); short runs only: devices x (hours + 1 h warm-up) at most 24
          --help                this text

        Writes <out>/<scenario_id>.csv and/or .parquet and <out>/<scenario_id>.ground_truth.csv.
        """;

    /// <summary>
    /// The largest run <c>--pcap</c> writes, in device-hours simulated (warm-up included). Packets are held in memory
    /// until the run ends, and the busiest type (a camera, up to ~450 packets/s) puts ~1.6 million packets an hour on
    /// the wire: 24 camera-hours are ~40 million packets, ~3.5 GB of capture; a mixed fleet is a fifth of that.
    /// </summary>
    public const double MaxPcapDeviceHours = 24;

    private static readonly string[] ValueOptions = ["--scenario", "--devices", "--days", "--window", "--seed", "--out", "--format", "--test-share", "--pcap"];

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
        string? pcap;
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
            pcap = options.Text("--pcap");
            var deviceHours = scenario.Devices * (scenario.Days * 24 + DeviceBehaviour.DefaultWarmUp.TotalHours);
            if (pcap is not null && deviceHours > MaxPcapDeviceHours)
            {
                throw new UsageException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"--pcap is for short runs: {scenario.Devices} devices x ({scenario.Days * 24:0.##} h + {DeviceBehaviour.DefaultWarmUp.TotalHours:0.##} h warm-up) = {deviceHours:0.##} device-hours, at most {MaxPcapDeviceHours} (fewer --devices or --days)"));
            }

            if (pcap is not null && (pcap.Length == 0 || Directory.Exists(pcap)))
            {
                throw new UsageException($"--pcap needs a file name, not '{pcap}'");
            }
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
            var capture = pcap is null ? null : new SimulatedCapture(plan.Devices.Count);
            var report = await new DatasetGenerator(plan, capture).GenerateAsync(writers, cancellationToken);
            if (capture is not null)
            {
                var (packets, bytes) = WriteCapture(capture, plan, pcap!, files);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pcap: {packets} packets, {bytes / 1e6:F1} MB"));
            }

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

    /// <summary>Prints the run's figures and class balance, overall and per split; used by the bench too.</summary>
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

        output.WriteLine("class balance per split (rows, and devices with rows of the class):");
        output.WriteLine(string.Create(c, $"  {"class",-20} {"device train",12} {"device test",12} {"time train",12} {"time test",12}"));
        foreach (var name in report.RowsByClass.Keys)
        {
            output.WriteLine(string.Create(
                c,
                $"  {name,-20} {Cell(report.DeviceSplit.TrainRows, report.DeviceSplit.TrainDevices, name),12} {Cell(report.DeviceSplit.TestRows, report.DeviceSplit.TestDevices, name),12} " +
                $"{Cell(report.TimeSplit.TrainRows, report.TimeSplit.TrainDevices, name),12} {Cell(report.TimeSplit.TestRows, report.TimeSplit.TestDevices, name),12}"));
        }

        foreach (var file in files)
        {
            output.WriteLine($"wrote {file}");
        }
    }

    /// <summary>Writes the capture and its host map (address, device id, type: the probe's <c>--map</c> format).</summary>
    private static (long Packets, long Bytes) WriteCapture(SimulatedCapture capture, ScenarioPlan plan, string path, List<string> files)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        files.Add(path);
        var result = capture.Write(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20));
        var map = path + ".hosts.csv";
        files.Add(map);
        using var writer = new StreamWriter(map);
        writer.WriteLine("address,device_id,device_type");
        foreach (var device in plan.Devices)
        {
            writer.WriteLine($"{DeviceBehaviour.AddressOf(device.Index)},{device.Id},{device.Type}");
        }

        return result;
    }

    // Rows, then in brackets the devices with rows of the class (not shown for normal: every device has normal rows).
    private static string Cell(IReadOnlyDictionary<string, long> rows, IReadOnlyDictionary<string, int> devices, string name) =>
        name == GroundTruth.NormalClass
            ? rows[name].ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{rows[name]} ({devices[name]})");

    private static FileStream Create(string folder, string name, List<string> files)
    {
        var path = Path.Combine(folder, name);
        files.Add(path);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: false);
    }
}
