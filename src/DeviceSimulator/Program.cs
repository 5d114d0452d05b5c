using DigitalTwin.DeviceSimulator.Dataset;
using DigitalTwin.DeviceSimulator.Fleet;

// The simulator's verbs: each lives in its own folder and reads the arguments that follow its name.

var usage = """
    Digital Twin Network device simulator

    Usage: dotnet run --project src/DeviceSimulator -- <verb> [options]

    Verbs:
      run         a fleet of devices on real MQTT (telemetry, commands, desired state, network windows)
      generate    fast mode: write a labelled dataset (CSV/Parquet) and its ground truth, no broker
      export      join the platform's dataset export with a ground-truth file
      help        this text

    Run a verb with --help for its options.
    """;

var verb = args.Length == 0 ? "help" : args[0];
switch (verb)
{
    case RunVerb.Name:
        return await RunVerb.RunAsync(args[1..]);
    case "help" or "--help" or "-h":
        Console.WriteLine(usage);
        return 0;
    case "generate":
        return await GenerateCommand.RunAsync(args[1..], Console.Out, Console.Error);
    case "export":
        return await ExportCommand.RunAsync(args[1..], Console.Out, Console.Error);
    default:
        Console.Error.WriteLine($"unknown verb '{verb}'\n\n{usage}");
        return 2;
}
