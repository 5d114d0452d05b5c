using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.ModelTrainer.Evaluation;
using DigitalTwin.Detection.Models;
using DigitalTwin.ModelTrainer.Training;

// Trains and evaluates the window detectors (docs/detection.md, "Trained detectors").
const string usage = """
    Usage: dotnet run --project src/ModelTrainer -- <verb> [options]

    Verbs:
      train      fit the supervised and unsupervised detectors on a labelled dataset, write a .dtnmodel file
      evaluate   score a model on a labelled dataset, write report.md, report.json and plots

    '<verb> --help' lists a verb's options.
    """;

var verb = args.FirstOrDefault();
var rest = args.Skip(1).ToArray();
if (verb is null or "--help" or "-h")
{
    Console.Out.WriteLine(usage);
    return verb is null ? 2 : 0;
}

(string Usage, Func<Task<int>> Run)? command = verb switch
{
    "train" => (TrainingOptions.Usage, () => TrainCommand.RunAsync(rest, Console.Out)),
    "evaluate" => (EvaluationOptions.Usage, () => EvaluateCommand.RunAsync(rest, Console.Out)),
    _ => null,
};
if (command is not { } chosen)
{
    Console.Error.WriteLine($"unknown verb '{verb}'\n\n{usage}");
    return 2;
}

if (rest.Contains("--help"))
{
    Console.Out.WriteLine(chosen.Usage);
    return 0;
}

try
{
    return await chosen.Run();
}
catch (UsageException e)
{
    Console.Error.WriteLine($"{e.Message}\n\n{chosen.Usage}");
    return 2;
}
catch (Exception e) when (e is ModelFormatException or FormatException or InvalidOperationException or IOException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
