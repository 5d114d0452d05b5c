using DigitalTwin.Behaviour.CommandLine;

namespace DigitalTwin.ModelTrainer.Training;

/// <summary>The <c>train</c> verb's options, validated when parsed: a bad value stops the verb with a message naming the option.</summary>
public sealed record TrainingOptions
{
    public const string Usage = """
        Usage: train --data <file> [options]

        Trains a supervised classifier (FastTree, one versus all: normal and every anomaly class) and an unsupervised
        anomaly detector (randomized PCA on normal windows) on a labelled dataset from 'generate' (.csv or .parquet),
        both on features normalised per device type, and writes them as one model file.

        Options:
          --data <file>          labelled dataset (.parquet or .csv)
          --out <file>           model file to write (default: model.dtnmodel)
          --split <s>            train (the device split's train devices) or all (every row) (default: train)
          --seed <n>             seed of the sampling and the trainers (default: 1)
          --normal-rate <x>      share of normal windows the classifier trains on, 0 < x <= 1 (default: 0.1)
          --look-alike-quantile <q>
                                 normal windows whose z-score is above this quantile of the normal training
                                 windows' are all trained on (the benign look-alikes), 0.5 to 1 (default: 0.99)
          --trees <n>            trees per class (default: 100)
          --leaves <n>           leaves per tree (default: 20)
          --learning-rate <x>    FastTree's learning rate (default: 0.2)
          --normal-sample <n>    normal windows (at most) for the statistics and the PCA detector (default: 100000)
          --pca-rank <n>         PCA components, 1 to 56 (default: 12)
          --anomaly-quantile <q> quantile of the sample's PCA and z scores that sets the thresholds (default: 0.999)
          --help                 this text
        """;

    private static readonly string[] ValueOptions =
        ["--data", "--out", "--split", "--seed", "--normal-rate", "--look-alike-quantile", "--trees", "--leaves", "--learning-rate", "--normal-sample", "--pca-rank", "--anomaly-quantile"];

    private static readonly Dictionary<string, bool> Splits = new(StringComparer.Ordinal) { ["train"] = false, ["all"] = true };

    public required string Data { get; init; }

    public string Out { get; init; } = "model.dtnmodel";

    /// <summary>True to train on every row, false on the device split's train devices only.</summary>
    public bool AllRows { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Like the reference check's: bounds training time, and the trees still see tens of thousands of normal windows.</summary>
    public double NormalRate { get; init; } = 0.1;

    /// <summary>
    /// Normal windows above this quantile of the z-score reference are all kept: the look-alikes (one window in a
    /// hundred by default) would otherwise be thinned like the rest, and the classifier takes them for attacks.
    /// </summary>
    public double LookAlikeQuantile { get; init; } = 0.99;

    public int Trees { get; init; } = 100;

    public int Leaves { get; init; } = 20;

    public double LearningRate { get; init; } = 0.2;

    public int NormalSample { get; init; } = 100_000;

    public int PcaRank { get; init; } = 12;

    public double AnomalyQuantile { get; init; } = 0.999;

    public static TrainingOptions Parse(IReadOnlyList<string> args)
    {
        var options = VerbOptions.Parse(args, ValueOptions, []);
        var data = options.RequiredText("--data");
        if (!File.Exists(data))
        {
            throw new UsageException($"--data '{data}' does not exist");
        }

        return new TrainingOptions
        {
            Data = data,
            Out = options.Text("--out") ?? "model.dtnmodel",
            AllRows = options.Choice("--split", Splits, false),
            Seed = (int)(options.Integer("--seed", 0, int.MaxValue) ?? 1),
            NormalRate = options.Number("--normal-rate", 1e-6, 1) ?? 0.1,
            LookAlikeQuantile = options.Number("--look-alike-quantile", 0.5, 1) ?? 0.99,
            Trees = (int)(options.Integer("--trees", 1, 10_000) ?? 100),
            Leaves = (int)(options.Integer("--leaves", 2, 1_000) ?? 20),
            LearningRate = options.Number("--learning-rate", 1e-6, 1) ?? 0.2,
            NormalSample = (int)(options.Integer("--normal-sample", 100, 10_000_000) ?? 100_000),
            PcaRank = (int)(options.Integer("--pca-rank", 1, 56) ?? 12),
            AnomalyQuantile = options.Number("--anomaly-quantile", 0.5, 1) ?? 0.999,
        };
    }
}
