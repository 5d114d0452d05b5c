using System.Globalization;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Bench.DatasetCheck;

/// <summary>The check's command line, validated: both files must exist, rates and counts be in range.</summary>
internal sealed class DatasetCheckOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/DatasetCheck -- --train <default.parquet> --evaluation <evaluation.parquet> [options]

        Reads two labelled Parquet datasets ('generate --format parquet') and prints, as Markdown, per anomaly class:
        the best single-feature threshold F1 of each file, and the per-class F1 of a one-versus-all FastTree model trained
        on the --train file's train devices, in distribution (its test devices) and out of distribution (every row
        of the --evaluation file).

        Options:
          --train <file>         labelled Parquet of the default scenario
          --evaluation <file>    labelled Parquet of the evaluation scenario
          --out <file>           also write the report to this Markdown file
          --normal-rate <x>      share of normal training rows kept for the model, 0 < x <= 1 (default: 0.1)
          --trees <n>            trees per class (default: 100)
          --seed <n>             seed of the normal-row sampling and the model (default: 1)
        """;

    public string Train { get; private set; } = "";

    public string Evaluation { get; private set; } = "";

    public string? Out { get; private set; }

    public double NormalRate { get; private set; } = 0.1;

    public int Trees { get; private set; } = 100;

    public int Seed { get; private set; } = 1;

    /// <summary>The options, or null with <paramref name="problem"/> null when help was asked for, else naming what is wrong.</summary>
    public static DatasetCheckOptions? Parse(string[] args, out string? problem)
    {
        var options = new DatasetCheckOptions();
        if (!BenchArguments.TryRead(args, options.Set, out problem))
        {
            return null;
        }

        problem = options.Train.Length == 0 ? "--train is required."
            : options.Evaluation.Length == 0 ? "--evaluation is required."
            : !File.Exists(options.Train) ? $"--train '{options.Train}' does not exist."
            : !File.Exists(options.Evaluation) ? $"--evaluation '{options.Evaluation}' does not exist."
            : null;
        return problem is null ? options : null;
    }

    private string? Set(string name, string value)
    {
        switch (name)
        {
            case "--train":
                Train = value;
                return null;
            case "--evaluation":
                Evaluation = value;
                return null;
            case "--out":
                Out = value;
                return null;
            case "--normal-rate":
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !(rate > 0 && rate <= 1))
                {
                    return $"--normal-rate must be above 0 and at most 1, got '{value}'.";
                }

                NormalRate = rate;
                return null;
            case "--trees":
                return BenchArguments.ReadInt(name, value, 1, 10_000, n => Trees = n);
            case "--seed":
                return BenchArguments.ReadInt(name, value, 0, int.MaxValue, n => Seed = n);
            default:
                return $"unknown option '{name}'.";
        }
    }
}
