using DigitalTwin.Ingest;

// Ingest benchmark: starts a silo, drives N MQTT devices at it and prints throughput and latency figures.
if (!IngestBenchOptions.TryParse(args, out var options, out var problem))
{
    if (problem is not null)
    {
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine();
    }

    (problem is null ? Console.Out : Console.Error).WriteLine(IngestBenchOptions.HelpText);
    return problem is null ? 0 : 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the run unwind through its finally blocks, which stop the silo; a second Ctrl+C still kills us.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return await new IngestBench(options, Console.Out, Console.Error).RunAsync(cancellation.Token);
