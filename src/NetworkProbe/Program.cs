using DigitalTwin.NetworkProbe.Verbs;

// The probe's verbs: each reads the arguments that follow its name.

var usage = $"""
    Digital Twin Network probe: turns real traffic into per-host network-behaviour windows (headers only)

    Usage: dotnet run --project src/NetworkProbe -- <verb> [options]

    Verbs:
      read    a capture file (pcap or pcapng), as fast as the machine allows
      live    a live interface, until stopped
      help    this text

    {ReadVerb.Usage}
    {LiveVerb.Usage}
    docs/probe.md explains the options, device ids and what the probe can and cannot see.
    """;

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stopping.Cancel();
});

var verb = args.Length == 0 ? "help" : args[0];
try
{
    return verb switch
    {
        ReadVerb.Name => await ReadVerb.RunAsync(args[1..], Console.Out, Console.Error, stopping.Token),
        LiveVerb.Name => await LiveVerb.RunAsync(args[1..], Console.Out, Console.Error, stopping.Token),
        "help" or "--help" or "-h" => Help(),
        _ => Unknown(),
    };
}
catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException && ex.GetBaseException() is DllNotFoundException)
{
    Console.Error.WriteLine("network-probe: libpcap is not installed (Debian: apt-get install libpcap0.8)");
    return ProbeRun.CaptureFailed;
}

int Help()
{
    Console.WriteLine(usage);
    return ProbeRun.Ok;
}

int Unknown()
{
    Console.Error.WriteLine($"network-probe: unknown verb '{verb}'\n\n{usage}");
    return ProbeRun.UsageError;
}
