using DigitalTwin.BenchHost;

namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>
/// How long each phase of the capture lasts and how the silo's clock is compressed to fit them. The platform's
/// defaults are 10-second windows and an hour of warm-up (360 windows); a bench cannot wait an hour per host, so the
/// probe cuts shorter windows and the silo learns, and keeps suspect windows on probation, for a shorter time. Counts
/// of windows (auto-clear, the peers' prior) shrink by the same factor as the warm-up's windows.
/// </summary>
internal sealed class CaptureBenchOptions
{
    public const string HelpText = """
        Usage: dotnet bench/CaptureDetection/bin/Release/net10.0/DigitalTwin.Bench.CaptureDetection.dll [options]

        Records one loopback capture (run as root) in which benign clients (curl, TLS, dig) run throughout and each
        attacking host behaves like them first, then attacks (nmap -T2..-T5, an hping3 SYN flood, a TLS beacon, a DNS
        tunnel, an HTTP brute force); reads it with the network probe into a fresh silo and prints, per host, what
        the twins raised, against the targets: every attacker alerted, at most 1% of benign-host windows flagged.

        Options:
          --benign-seconds <n>   phase before the first attack, every host benign (default 150)
          --attack-seconds <n>   how long each slow attack (beacon, tunnel, brute force) lasts; attacks start 4 s apart,
                                 a scan still running after it is cut (default 60)
          --tail-seconds <n>     benign traffic after the last attack (default 20)
          --window-seconds <n>   the probe's window (default 2)
          --warm-up-seconds <n>  traffic a host's own baseline learns before it judges (Detection:WarmUp; default 60);
                                 also the probation, and the peers' prior shrinks with it (360 windows per hour)
          --seed <n>             the clients' random schedules and the tunnel's names (default 1)
          --keep-capture <file>  copy the capture there
          --model <file>         score with this trained model beside the baselines (Detection:ModelPath)
          --silo <path>          DigitalTwin.Silo.dll (default: this repository's Release build)
          --probe <path>         DigitalTwin.NetworkProbe.dll (default: this repository's Release build)
        """;

    /// <summary>The platform's window and warm-up, for saying how far the clock is compressed.</summary>
    public const int PlatformWindowSeconds = 10;
    public const int PlatformWarmUpWindows = 360;

    public int BenignSeconds { get; private set; } = 150;
    public int AttackSeconds { get; private set; } = 60;
    public int TailSeconds { get; private set; } = 20;
    public int WindowSeconds { get; private set; } = 2;
    public int WarmUpSeconds { get; private set; } = 60;
    public int Seed { get; private set; } = 1;
    public string? KeepCapture { get; private set; }
    public string? ModelPath { get; private set; }
    public string? SiloPath { get; private set; }
    public string? ProbePath { get; private set; }

    /// <summary>Windows of traffic a host learns before its own baseline judges it.</summary>
    public int WarmUpWindows => Math.Max(1, WarmUpSeconds / WindowSeconds);

    /// <summary>The platform's window counts scaled as the warm-up is: 360 windows become <see cref="WarmUpWindows"/>.</summary>
    public int Compressed(int platformWindows) => Math.Max(1, (int)Math.Round(platformWindows * (double)WarmUpWindows / PlatformWarmUpWindows));

    public static bool TryParse(string[] args, out CaptureBenchOptions options, out string? problem)
    {
        var parsed = new CaptureBenchOptions();
        options = parsed;
        if (!BenchArguments.TryRead(args, parsed.Set, out problem))
        {
            return false;
        }

        problem = parsed.WarmUpSeconds >= parsed.BenignSeconds
            ? "--warm-up-seconds must be below --benign-seconds: the attackers' own baselines must be warm when they attack."
            : parsed.WarmUpSeconds < parsed.WindowSeconds ? "--warm-up-seconds must be at least one window." : null;
        parsed.SiloPath ??= BenchArguments.FindSiloInRepository();
        parsed.ProbePath ??= parsed.SiloPath?.Replace(Path.Combine("src", "Silo", "bin"), Path.Combine("src", "NetworkProbe", "bin"), StringComparison.Ordinal)
            .Replace(BenchArguments.SiloAssemblyName, "DigitalTwin.NetworkProbe.dll", StringComparison.Ordinal);
        problem ??= BenchArguments.CheckSilo(parsed.SiloPath);
        problem ??= parsed.ProbePath is not null && File.Exists(parsed.ProbePath)
            ? null
            : $"Network probe not found at {parsed.ProbePath}: dotnet build -c Release bench/CaptureDetection builds it, or pass --probe.";
        return problem is null;
    }

    private string? Set(string name, string value) => name switch
    {
        "--benign-seconds" => BenchArguments.ReadInt(name, value, 10, 86_400, v => BenignSeconds = v),
        "--attack-seconds" => BenchArguments.ReadInt(name, value, 10, 86_400, v => AttackSeconds = v),
        "--tail-seconds" => BenchArguments.ReadInt(name, value, 0, 86_400, v => TailSeconds = v),
        "--window-seconds" => BenchArguments.ReadInt(name, value, 1, 3600, v => WindowSeconds = v),
        "--warm-up-seconds" => BenchArguments.ReadInt(name, value, 1, 86_400, v => WarmUpSeconds = v),
        "--seed" => BenchArguments.ReadInt(name, value, 0, int.MaxValue, v => Seed = v),
        "--keep-capture" => Assign(() => KeepCapture = value),
        "--model" => File.Exists(value) ? Assign(() => ModelPath = Path.GetFullPath(value)) : $"--model: no file '{value}'.",
        "--silo" => Assign(() => SiloPath = value),
        "--probe" => Assign(() => ProbePath = value),
        _ => $"unknown option {name}",
    };

    private static string? Assign(Action assign)
    {
        assign();
        return null;
    }
}
