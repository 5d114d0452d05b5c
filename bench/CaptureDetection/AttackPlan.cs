using System.Globalization;

namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>
/// The attacks of one capture, a host each, started <see cref="Stagger"/> apart after the benign phase so two bursts
/// (a scan, a flood) do not share the machine's two cores: scans at nmap's slow to insane timings, a SYN flood, and
/// the slow kinds that each last the attack duration from their start (a TLS beacon on a fixed period, a DNS tunnel,
/// an HTTP brute force).
/// </summary>
internal static class AttackPlan
{
    /// <summary>First attacker's host number; the benign hosts sit below it.</summary>
    private const int FirstHost = 21;

    public static readonly TimeSpan Stagger = TimeSpan.FromSeconds(4);

    public static IReadOnlyList<LabAttack> Create(LabNetwork network, LabClients clients, CaptureBenchOptions options, Random random)
    {
        var phaseStart = TimeSpan.FromSeconds(options.BenignSeconds);
        var attacks = new List<LabAttack>();

        void Add(string type, string tool, string timing, Func<string, CancellationToken, Task> run)
        {
            var source = network.Address(FirstHost + attacks.Count);
            attacks.Add(new LabAttack
            {
                Source = source, ExpectedType = type, Tool = tool, Timing = timing, Offset = phaseStart + Stagger * attacks.Count,
                RunAsync = cancellationToken => run(source, cancellationToken),
            });
        }

        // nmap's timing templates: -T2 waits 0.4 s between probes (so a few ports only), -T3 to -T5 scan the top 1,000.
        Add("port_scan", "nmap -sS", "-T2 (polite), 20 ports", (s, c) => Nmap(clients, network, s, ["-T2", "-p", "1-20"], c));
        foreach (var timing in new[] { "-T3", "-T4", "-T5" })
        {
            var name = timing switch { "-T3" => "normal", "-T4" => "aggressive", _ => "insane" };
            Add("port_scan", "nmap -sS", $"{timing} ({name}), top 1,000 ports", (s, c) => Nmap(clients, network, s, [timing], c));
        }

        Add("connection_flood", "hping3 -S", "3,000 SYNs at 1 ms to an open port (3 s)",
            (s, c) => clients.RunToolAsync("hping3", ["-S", "-p", "80", "-i", "u1000", "-c", "3000", "-a", s, network.Server], c));

        var beaconPeriod = TimeSpan.FromSeconds(5);
        Add("beacon", "TLS client (python ssl)", $"every {beaconPeriod.TotalSeconds:0} s to its own server, fixed period, {options.AttackSeconds} s",
            (s, c) => RepeatAsync(beaconPeriod, _ => clients.FetchOverTlsAsync(s, network.CommandServer, network.CommandServerName, c), c));

        var tunnelPeriod = TimeSpan.FromSeconds(0.5);
        var tunnelRandom = new Random(random.Next());
        Add("dns_tunnelling", "dig", $"2 queries/s, 80 random base32 characters under one domain, {options.AttackSeconds} s",
            (s, c) => RepeatAsync(tunnelPeriod, _ => clients.ResolveAsync(s, TunnelName(tunnelRandom, network), c), c));

        var guessPeriod = TimeSpan.FromSeconds(0.1);
        Add("brute_force", "curl -u", $"10 guesses/s at a Basic-authentication login, {options.AttackSeconds} s",
            (s, c) => RepeatAsync(guessPeriod, guess => clients.TryLoginAsync(s, $"guess{guess.ToString(CultureInfo.InvariantCulture)}", c), c));

        return attacks;
    }

    private static Task Nmap(LabClients clients, LabNetwork network, string source, string[] timing, CancellationToken cancellationToken) =>
        clients.RunToolAsync("nmap", ["-sS", "-Pn", "-n", "-e", "lo", "-S", source, .. timing, network.Server], cancellationToken);

    /// <summary>
    /// Runs <paramref name="action"/> on a fixed period (start + k x period, not k pauses) until cancelled; a run that
    /// takes longer than the period is followed at once by the next, as a loop in a script would.
    /// </summary>
    private static async Task RepeatAsync(TimeSpan period, Func<int, Task> action, CancellationToken cancellationToken)
    {
        var start = DateTimeOffset.UtcNow;
        try
        {
            for (var k = 0; !cancellationToken.IsCancellationRequested; k++)
            {
                await action(k);
                var next = start + period * (k + 1) - DateTimeOffset.UtcNow;
                if (next > TimeSpan.Zero)
                {
                    await Task.Delay(next, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The attack phase is over.
        }
    }

    /// <summary>A tunnel query: 80 random base32 characters in two labels (about 50 bytes of data) under one domain.</summary>
    private static string TunnelName(Random random, LabNetwork network)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        var characters = new char[81];
        for (var i = 0; i < characters.Length; i++)
        {
            characters[i] = alphabet[random.Next(alphabet.Length)];
        }

        characters[50] = '.';
        return $"{new string(characters)}.{network.TunnelDomain}";
    }
}
