using DigitalTwin.Behaviour.CommandLine;

namespace DigitalTwin.Bench.Probe;

/// <summary>The synthetic capture a verb reads: an existing file, or one written first with these sizes.</summary>
public sealed record CaptureOptions(string Path, int Devices, int Remotes, int Connections, int Seconds, int Seed)
{
    public static IReadOnlyList<string> ValueOptions { get; } = ["--capture", "--devices", "--remotes", "--connections", "--seconds", "--seed"];

    public static CaptureOptions Read(VerbOptions options, int defaultDevices = 200)
    {
        var devices = (int)(options.Integer("--devices", 1, 60_000) ?? defaultDevices);
        var remotes = (int)(options.Integer("--remotes", 1, 60_000) ?? 5_000);
        var connections = (int)(options.Integer("--connections", 1, 10_000_000) ?? 50_000);
        var seconds = (int)(options.Integer("--seconds", 60, 86_400) ?? 600);
        var seed = (int)(options.Integer("--seed", 0, int.MaxValue) ?? 1);
        var path = options.Text("--capture")
            ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"dtn-probe-bench-{devices}d-{remotes}r-{connections}c-{seconds}s-{seed}.pcap");
        return new CaptureOptions(path, devices, remotes, connections, seconds, seed);
    }

    /// <summary>Writes the capture unless the file is already there (same name = same sizes and seed = same bytes).</summary>
    public void EnsureWritten(TextWriter output)
    {
        if (File.Exists(Path))
        {
            output.WriteLine($"capture: {Path} (exists, {new FileInfo(Path).Length / 1024.0 / 1024.0:0} MiB)");
            return;
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var temporary = Path + ".partial";
        var (packets, bytes) = new SyntheticCapture(Devices, Remotes, Connections, Seconds, Seed).Write(temporary);
        File.Move(temporary, Path, overwrite: true);
        output.WriteLine(
            $"capture: wrote {Path}: {packets:N0} packets, mean frame {bytes / (double)packets:0} bytes, {Devices} devices, {Remotes} remote peers, "
            + $"{Connections:N0} TCP connections over {Seconds} s, in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}
