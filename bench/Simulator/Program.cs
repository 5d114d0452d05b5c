using DigitalTwin.Simulator;

// Simulator benchmarks, one mode per scenario: fast-mode measures dataset generation (rows/s).
const string usage = """
    Usage: dotnet run -c Release --project bench/Simulator -- <mode> [options]

    Modes:
      fast-mode   rows/s of fast-mode generation: model only, then CSV, Parquet and both with the ground-truth file
                  options: --devices <n> (default 1000), --days <d> (default 1), --out <dir> (default: a temp folder)
    """;

var mode = args.Length == 0 ? "" : args[0];
switch (mode)
{
    case "fast-mode":
        return await FastModeBench.RunAsync(args[1..], Console.Out, Console.Error);
    case "help" or "--help" or "-h":
        Console.WriteLine(usage);
        return 0;
    default:
        Console.Error.WriteLine($"unknown mode '{mode}'\n\n{usage}");
        return 2;
}
