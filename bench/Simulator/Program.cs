using DigitalTwin.Simulator;

// Simulator benchmarks, one mode per scenario: fast-mode measures dataset generation (rows/s), publish the live
// fleet's maximum publish rate (msgs/s).
const string usage = """
    Usage: dotnet run -c Release --project bench/Simulator -- <mode> [options]

    Modes:
      fast-mode   rows/s of fast-mode generation: model only, then CSV, Parquet and both with the ground-truth file
                  options: --devices <n> (default 1000), --days <d> (default 1), --out <dir> (default: a temp folder)
      publish     msgs/s of the live fleet publishing as fast as the broker acknowledges (QoS 1), against a started
                  silo's embedded broker and against Mosquitto as baseline
                  options: --devices <n> (default 1000), --duration <s> (default 20), --warmup <s> (default 5),
                  --target silo|mosquitto|both (default both), --silo <path to DigitalTwin.Silo.dll>
    """;

var mode = args.Length == 0 ? "" : args[0];
switch (mode)
{
    case "fast-mode":
        return await FastModeBench.RunAsync(args[1..], Console.Out, Console.Error);
    case "publish":
        return await PublishRateBench.RunAsync(args[1..], Console.Out, Console.Error);
    case "help" or "--help" or "-h":
        Console.WriteLine(usage);
        return 0;
    default:
        Console.Error.WriteLine($"unknown mode '{mode}'\n\n{usage}");
        return 2;
}
