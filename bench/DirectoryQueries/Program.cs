using DigitalTwin.DirectoryQueries;

// Directory query benchmark: seeds the twin directory in PostgreSQL, starts a silo on it and times listings over HTTP.
if (!DirectoryBenchOptions.TryParse(args, out var options, out var problem))
{
    if (problem is not null)
    {
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine();
    }

    (problem is null ? Console.Out : Console.Error).WriteLine(DirectoryBenchOptions.HelpText);
    return problem is null ? 0 : 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the run unwind through its finally blocks, which stop the silo and PostgreSQL; a second Ctrl+C still kills us.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return await new DirectoryBench(options, Console.Out, Console.Error).RunAsync(cancellation.Token);
