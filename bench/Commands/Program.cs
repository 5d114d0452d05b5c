using DigitalTwin.Commands;

// Command benchmark: starts a silo, connects N acking devices and times commands over the API: round trip, fire and forget, one job.
if (!CommandBenchOptions.TryParse(args, out var options, out var problem))
{
    if (problem is not null)
    {
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine();
    }

    (problem is null ? Console.Out : Console.Error).WriteLine(CommandBenchOptions.HelpText);
    return problem is null ? 0 : 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the run unwind through its finally blocks, which stop the silo; a second Ctrl+C still kills us.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return await new CommandBench(options, Console.Out, Console.Error).RunAsync(cancellation.Token);
