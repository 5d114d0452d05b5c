using DigitalTwin.Cluster;

// Cluster scale benchmark: the same closed-loop QoS 1 load on one silo and on several, PostgreSQL behind them.
if (!ClusterBenchOptions.TryParse(args, out var options, out var problem))
{
    if (problem is not null)
    {
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine();
    }

    (problem is null ? Console.Out : Console.Error).WriteLine(ClusterBenchOptions.HelpText);
    return problem is null ? 0 : 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // Let the run unwind through its finally blocks, which stop the silos and PostgreSQL; a second Ctrl+C still kills us.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return await new ClusterBench(options, Console.Out, Console.Error).RunAsync(cancellation.Token);
