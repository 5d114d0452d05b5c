using DigitalTwin.TwinReads;

// Twin read benchmark: starts a silo, gives N twins 10 reported fields each over MQTT and loads GET /api/v1/twins/{id} with wrk.
if (!TwinReadsOptions.TryParse(args, out var options, out var problem))
{
    if (problem is not null)
    {
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine();
    }

    (problem is null ? Console.Out : Console.Error).WriteLine(TwinReadsOptions.HelpText);
    return problem is null ? 0 : 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the run unwind through its finally blocks, which stop wrk, the silo and PostgreSQL; a second Ctrl+C still kills us.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return await new TwinReadsBench(options, Console.Out, Console.Error).RunAsync(cancellation.Token);
