using DigitalTwin.Fleet;

// Fleet benchmark: memory per MQTT connection and per twin on one silo, and ingest from many slow devices.

// As in the ingest bench: socket continuations run on the socket engine's thread (read once, at the first socket).
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
if (!FleetBenchOptions.TryParse(args, out var options, out var problem))
{
    if (problem is not null)
    {
        Console.Error.WriteLine(problem);
        Console.Error.WriteLine();
    }

    (problem is null ? Console.Out : Console.Error).WriteLine(FleetBenchOptions.HelpText);
    return problem is null ? 0 : 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

return await new FleetBench(options, Console.Out, Console.Error).RunAsync(cancellation.Token);
