using DigitalTwin.Bench.CaptureDetection;

// Detection on real traffic: a loopback capture of benign clients and real attack tools, through the probe into a silo.
if (!CaptureBenchOptions.TryParse(args, out var options, out var problem))
{
    if (problem is not null)
    {
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine();
    }

    (problem is null ? Console.Out : Console.Error).WriteLine(CaptureBenchOptions.HelpText);
    return problem is null ? 0 : 2;
}

if (LabTools.Missing(Environment.GetEnvironmentVariable("PATH")) is { Count: > 0 } missing)
{
    Console.Error.WriteLine($"The lab needs {string.Join(", ", missing.Select(tool => tool.Program))}: install them first, as root:");
    Console.Error.WriteLine($"  apt-get update && apt-get install -y {string.Join(" ", missing.Select(tool => tool.Package).Distinct())}");
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Unwind through the disposals, which stop tcpdump, the servers and the silo; a second Ctrl+C still kills us.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

try
{
    return await new CaptureBench(options, Console.Out).RunAsync(cancellation.Token);
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    // Everything the run started was stopped on the way out.
    Console.Error.WriteLine("Cancelled.");
    return 130;
}
