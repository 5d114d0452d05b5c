using DigitalTwin.Ingest;

// Ingest benchmark: starts a silo (or measures any broker), drives N MQTT devices at it and prints throughput,
// latency and CPU per message.

// Run socket continuations on the socket engine's own thread instead of posting each to the thread pool: the
// generator's receive loops are short and never block, and the hop per PUBACK batch is CPU the bench would
// otherwise charge to every message. Read once, when the first socket is used, so it must come first.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
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
