using DigitalTwin.Behaviour.CommandLine;

namespace DigitalTwin.ModelTrainer.Evaluation;

/// <summary>The <c>evaluate</c> verb's options, validated when parsed.</summary>
public sealed record EvaluationOptions
{
    public const string Usage = """
        Usage: evaluate --model <file.dtnmodel> --data <file> --out <dir> [options]

        Scores a model on a labelled dataset (.csv or .parquet) and writes report.md, report.json and PNG plots into
        <dir>: per-class precision, recall, F1, ROC-AUC and PR-AUC, the confusion matrix, permutation importance, and
        side by side the supervised model, the unsupervised detector and a per-device-type z-score reference, at the
        window level and per episode.

        Options:
          --model <file>             model file from 'train'
          --data <file>              labelled dataset
          --out <dir>                folder for the report (created when missing)
          --split <s>                test (the device split's test devices) or all (every row) (default: test)
          --importance-per-class <n> windows per class in the permutation-importance sample (default: 300)
          --seed <n>                 seed of that sample and of the shuffles (default: 1)
          --help                     this text
        """;

    private static readonly string[] ValueOptions = ["--model", "--data", "--out", "--split", "--importance-per-class", "--seed"];

    private static readonly Dictionary<string, bool> Splits = new(StringComparer.Ordinal) { ["test"] = false, ["all"] = true };

    public required string Model { get; init; }

    public required string Data { get; init; }

    public required string Out { get; init; }

    /// <summary>True to score every row, false the device split's test devices only.</summary>
    public bool AllRows { get; init; }

    /// <summary>Bounds the importance pass (56 shuffles, each a prediction of the whole sample) to seconds.</summary>
    public int ImportancePerClass { get; init; } = 300;

    public int Seed { get; init; } = 1;

    public static EvaluationOptions Parse(IReadOnlyList<string> args)
    {
        var options = VerbOptions.Parse(args, ValueOptions, []);
        var model = options.RequiredText("--model");
        var data = options.RequiredText("--data");
        foreach (var (name, path) in new[] { ("--model", model), ("--data", data) })
        {
            if (!File.Exists(path))
            {
                throw new UsageException($"{name} '{path}' does not exist");
            }
        }

        return new EvaluationOptions
        {
            Model = model,
            Data = data,
            Out = options.RequiredText("--out"),
            AllRows = options.Choice("--split", Splits, false),
            ImportancePerClass = (int)(options.Integer("--importance-per-class", 10, 100_000) ?? 300),
            Seed = (int)(options.Integer("--seed", 0, int.MaxValue) ?? 1),
        };
    }
}
