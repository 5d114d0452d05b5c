namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>
/// The lab's addresses on loopback: every host is a source address in one /24 of 127.0.0.0/8 (all of it is local on
/// Linux), the devices in its lower half, the servers in its upper half, so the probe twins only the clients.
/// </summary>
internal sealed record LabNetwork(string Prefix)
{
    /// <summary>The lab's web (HTTP, TLS) and DNS server, and what the scans target.</summary>
    public string Server => $"{Prefix}.250";

    /// <summary>
    /// The beacon's command-and-control server (HTTPS): an address no benign host talks to, as an implant's server
    /// is; beaconing to the lab's own web server would hide the beacon's rhythm among the host's own fetches.
    /// </summary>
    public string CommandServer => $"{Prefix}.252";

    /// <summary>The name the beacon puts in its TLS handshake.</summary>
    public string CommandServerName => "updates.example.net";

    /// <summary>The web server behind Basic authentication that the brute force guesses against.</summary>
    public string LoginServer => $"{Prefix}.251";

    /// <summary>What tcpdump captures: the whole /24, servers included.</summary>
    public string CaptureFilter => $"net {Prefix}.0/24";

    /// <summary>What the probe twins: the clients' half.</summary>
    public string Devices => $"{Prefix}.0/25";

    /// <summary>Names the DNS server answers; anything else outside <see cref="TunnelDomain"/> is NXDOMAIN.</summary>
    public IReadOnlyList<string> Names { get; } = ["www.lab.internal", "intranet.lab.internal", "mail.lab.internal", "cdn.lab.internal", "api.lab.internal", "wiki.lab.internal"];

    /// <summary>The domain the tunnel's names sit under; its server answers every one of them, as a tunnel's server does.</summary>
    public string TunnelDomain => "t.tunnel.lab";

    public string Address(int host) => $"{Prefix}.{host}";

    public static string TwinId(string address) => "ip-" + address.Replace('.', '-');

    /// <summary>A /24 of loopback unlikely to be in use by anything else on the machine (tests pick theirs at random too).</summary>
    public static LabNetwork Pick() => new($"127.{Random.Shared.Next(100, 250)}.{Random.Shared.Next(1, 250)}");
}
