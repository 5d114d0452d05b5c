using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Bench.DatasetCheck;

// The datasets' reference check (docs/dataset.md, "Reference check"): single-feature thresholds and a simple model.
var options = DatasetCheckOptions.Parse(args, out var problem);
if (options is null)
{
    (problem is null ? Console.Out : Console.Error).WriteLine(problem is null ? DatasetCheckOptions.Usage : $"{problem}\n\n{DatasetCheckOptions.Usage}");
    return problem is null ? 0 : 2;
}

Console.Error.WriteLine($"reading {options.Train} and {options.Evaluation}");
var train = await LabelledWindows.ReadAsync(options.Train, CancellationToken.None);
var evaluation = await LabelledWindows.ReadAsync(options.Evaluation, CancellationToken.None);

Console.Error.WriteLine("sweeping single-feature thresholds");
var report = ReferenceReport.SingleFeature("training file (default scenario)", train, SingleFeatureCheck.Run(train)) + Environment.NewLine
    + ReferenceReport.SingleFeature("evaluation file", evaluation, SingleFeatureCheck.Run(evaluation)) + Environment.NewLine;

Console.Error.WriteLine($"training the model on {options.Train}'s train devices");
report += ReferenceReport.Model(new ModelCheck(options.Seed, options.NormalRate, options.Trees).Run(train, evaluation), options.NormalRate);

Console.Out.Write(report);
if (options.Out is { } path)
{
    await File.WriteAllTextAsync(path, report);
}

return 0;
