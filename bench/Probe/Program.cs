using DigitalTwin.Bench.Probe;

// Network-probe benchmarks, one verb per scenario (docs/benchmarks.md, "Network probe").
const string usage = """
    Usage: dotnet bench/Probe/bin/Release/net10.0/DigitalTwin.Bench.Probe.dll <verb> [options]

    Verbs:
      write-capture  writes the synthetic capture (pcap, Ethernet) and says where
      read-speed     packets/s of libpcap alone, + the parser, + the observer, and of the read verb writing a CSV;
                     --runs <n> (default 3, the median counts)
      flow-memory    managed heap and working set before and after the observer holds --flows <n> (default 100000)
                     open TCP connections; bytes per flow
      publish        windows/s the probe's MQTT sink gets acknowledged, replaying the capture's windows to
                     --mqtt host:port; --probe-connections <n> (default 8)

    Capture options (write-capture, read-speed, publish): --capture <path> (default: a file in the temp folder named
    after the sizes; written when missing), --devices <n> (200; publish: 2000), --remotes <n> (5000),
    --connections <n> (50000 TCP connections), --seconds <n> (600), --seed <n> (1)
    """;

var verb = args.Length == 0 ? "help" : args[0];
switch (verb)
{
    case "write-capture":
        return WriteCaptureVerb.Run(args[1..], Console.Out, Console.Error);
    case "read-speed":
        return ReadSpeedBench.Run(args[1..], Console.Out, Console.Error);
    case "flow-memory":
        return FlowMemoryBench.Run(args[1..], Console.Out, Console.Error);
    case "publish":
        return await PublishBench.RunAsync(args[1..], Console.Out, Console.Error);
    case "help" or "--help" or "-h":
        Console.WriteLine(usage);
        return 0;
    default:
        Console.Error.WriteLine($"unknown verb '{verb}'\n\n{usage}");
        return 2;
}
