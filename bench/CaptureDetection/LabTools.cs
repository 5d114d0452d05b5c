namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>
/// The programs the lab runs and the Debian packages that hold them: a fresh machine lacks most of them, and a run that
/// finds one missing half way (after minutes of benign traffic) has wasted those minutes.
/// </summary>
internal static class LabTools
{
    private static readonly (string Program, string Package)[] Required =
    [
        ("tcpdump", "tcpdump"),
        ("nmap", "nmap"),
        ("hping3", "hping3"),
        ("dig", "bind9-dnsutils"),
        ("curl", "curl"),
        ("openssl", "openssl"),
        ("dnsmasq", "dnsmasq-base"),
        (LabClients.Python, "python3"),
    ];

    /// <summary>The required programs not found (on PATH, or at their absolute path), with their packages.</summary>
    public static IReadOnlyList<(string Program, string Package)> Missing(string? path) =>
        Required.Where(tool => !Exists(tool.Program, path)).ToArray();

    private static bool Exists(string program, string? path) =>
        Path.IsPathRooted(program)
            ? File.Exists(program)
            : (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(folder => File.Exists(Path.Combine(folder, program)));
}
