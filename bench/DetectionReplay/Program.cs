using System.Globalization;
using DigitalTwin.Bench.DetectionReplay;
using DigitalTwin.BenchHost;
using DigitalTwin.Grains.Detection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Replays labelled datasets through the twins' online detection and prints the detection targets' figures.
const string usage = """
    Usage: dotnet run -c Release --project bench/DetectionReplay -- --data <file.parquet> [--data <file2.parquet>] [options]

    Replays each labelled Parquet dataset ('generate --format parquet') through the twins' online detection: the
    train devices first (they teach the peer baselines), then the test devices, scored against the ground truth.
    Prints per anomaly class and band: episodes detected (right type, any type), median delay, window F1; false
    alerts per 100 device-days; and the CPU time of detection per window. With a model, also the model's prediction
    alone per window: ML.NET's prediction engine against the compiled models, in alternating rounds.

    Options:
      --data <file>          a labelled Parquet dataset (repeat for several)
      --flag-score <x>       Detection:FlagScore (default: the silo's default)
      --warm-up <minutes>    Detection:WarmUp in minutes (default: the silo's default)
      --model <file.dtnmodel> score with this trained model beside the baselines (Detection:ModelPath)
      --confirm <n>/<span>   Detection:ConfirmWindows and ConfirmSpan, e.g. 1/1 to raise on every flagged window
      --persistence <k>/<h>  Detection:PersistenceAllowance and PersistenceLimit, e.g. 2/100000 to leave persistence out
      --timing-windows <n>   windows the model's prediction alone is timed on (default 20000; 0: not timed)
    """;

var files = new List<string>();
var options = new DetectionOptions();
var timingWindows = 20_000;
if (!BenchArguments.TryRead(args, (name, value) => name switch
    {
        "--data" => File.Exists(value) ? Add(files, value) : $"--data: no file '{value}'.",
        "--flag-score" => double.TryParse(value, CultureInfo.InvariantCulture, out var score) && score > 0 ? Set(() => options.FlagScore = score) : "--flag-score must be a number above 0.",
        "--warm-up" => BenchArguments.ReadInt(name, value, 0, 10_000, minutes => options.WarmUp = TimeSpan.FromMinutes(minutes)),
        "--model" => File.Exists(value) ? Set(() => options.ModelPath = value) : $"--model: no file '{value}'.",
        "--timing-windows" => BenchArguments.ReadInt(name, value, 0, 1_000_000, n => timingWindows = n),
        "--confirm" => value.Split('/') is [var n, var span] && int.TryParse(n, out var windows) && int.TryParse(span, out var within)
            && within is >= 1 and <= TwinDetector.MaximumConfirmSpan && windows >= 1 && windows <= within
            ? Set(() => (options.ConfirmWindows, options.ConfirmSpan) = (windows, within))
            : $"--confirm must be <n>/<span> with 1 <= n <= span <= {TwinDetector.MaximumConfirmSpan}.",
        "--persistence" => value.Split('/') is [var k, var h]
            && double.TryParse(k, CultureInfo.InvariantCulture, out var allowance) && double.TryParse(h, CultureInfo.InvariantCulture, out var limit)
            && allowance > 0 && allowance <= options.SuspectScore && limit is > 0 and <= 100_000
            ? Set(() => (options.PersistenceAllowance, options.PersistenceLimit) = (allowance, limit))
            : "--persistence must be <allowance>/<limit>: an allowance above 0 and at most the suspect score, a limit above 0 and at most 100000 (as the silo takes them).",
        _ => $"unknown option {name}",
    }, out var problem) || files.Count == 0)
{
    Console.Error.WriteLine(problem is null ? usage : $"{problem}\n\n{usage}");
    return problem is null && files.Count > 0 ? 0 : 2;
}

DetectionModelHost? models = null;
if (options.ModelPath is not null)
{
    models = new DetectionModelHost(Options.Create(options), TimeProvider.System, NullLogger<DetectionModelHost>.Instance);
    if (!models.Refresh())
    {
        Console.Error.WriteLine(models.Status.LastError);
        return 2;
    }
}

Console.WriteLine($"Flag score {options.FlagScore}, warm-up {options.WarmUp.TotalMinutes:0} min, confirm {options.ConfirmWindows} of {options.ConfirmSpan} windows, auto-clear {options.AutoClearWindows} windows; grace {ReplayTally.GraceWindows} windows after an episode; model: {options.ModelPath ?? "none"}.");
Console.WriteLine();
foreach (var file in files)
{
    var replay = new OnlineReplay(options, models);
    var tally = await replay.RunAsync(file, CancellationToken.None);
    Console.WriteLine(tally.Report(Path.GetFileName(file)));
    var windows = Math.Max(replay.Windows, 1);
    Console.WriteLine($"Detection CPU: {replay.ScoringCpu.TotalMicroseconds / windows:0.0} µs per window over {replay.Windows:N0} windows (the thread's CPU time; wall time {replay.Scoring.TotalMicroseconds / windows:0.0} µs; load average {MachineLoad.Read().LoadAverage}).");
    if (models?.Current is { } model && timingWindows > 0)
    {
        Console.WriteLine(await ModelTiming.RunAsync(file, model, timingWindows, CancellationToken.None));
    }

    Console.WriteLine();
}

return 0;

static string? Add(List<string> list, string value)
{
    list.Add(value);
    return null;
}

static string? Set(Action assign)
{
    assign();
    return null;
}
