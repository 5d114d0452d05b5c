namespace DigitalTwin.NetworkProbe.Tests.Lab;

/// <summary>The programs the lab drives, each with the Debian package that provides it (scripts/test.sh installs them).</summary>
public static class RequiredTools
{
    public static IReadOnlyList<(string Command, string Package)> All { get; } =
    [
        ("ip", "iproute2"),
        ("tc", "iproute2"),
        ("ss", "iproute2"),
        ("ethtool", "ethtool"),
        ("tcpdump", "tcpdump"),
        ("tshark", "tshark"),
        ("nmap", "nmap"),
        ("dnsmasq", "dnsmasq-base"),
        ("dig", "bind9-dnsutils"),
        ("openssl", "openssl"),
        ("curl", "curl"),
        ("ping", "iputils-ping"),
        ("python3", "python3"),
    ];

    /// <summary>Fails with one message naming every missing program and its package.</summary>
    public static void EnsureInstalled()
    {
        var missing = All.Where(t => Find(t.Command) is null).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                "the network lab needs programs that are not installed: "
                + string.Join(", ", missing.Select(t => $"{t.Command} (package {t.Package})"))
                + "; scripts/test.sh installs them");
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException("the network lab creates network namespaces and must run as root");
        }
    }

    private static string? Find(string command)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
        return path.Select(d => Path.Combine(d, command)).FirstOrDefault(File.Exists);
    }
}
