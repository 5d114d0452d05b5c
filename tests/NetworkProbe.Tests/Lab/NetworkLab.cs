using System.Globalization;
using System.Net;

namespace DigitalTwin.NetworkProbe.Tests.Lab;

/// <summary>
/// A small real network built from Linux network namespaces: a switch (a bridge in its own namespace) and three hosts
/// plugged into it by veth pairs — a server running an HTTP server, two TLS servers and a dnsmasq resolver, a client,
/// and a scanner. Addresses are private (10.77.0.0/24, fd00:77::/64) and the namespaces
/// have no route out, so no frame ever leaves the machine. (VLAN sub-interfaces need the kernel's 8021q module,
/// which containers and small VMs often lack; VLAN tests tag a real capture's frames instead, see <c>VlanTagger</c>.) Captures are taken on the switch port facing the server,
/// like a mirror port; every exchange of the tests goes through it.
/// Names carry a random id (<c>dtn</c> + 6 hex digits), so parallel or aborted runs never collide; everything is
/// removed on dispose, also after a failed start.
/// </summary>
public sealed class NetworkLab : IAsyncLifetime
{
    /// <summary>The device ranges the probe is given: every lab address.</summary>
    public const string Devices = "10.77.0.0/16,fd00:77::/64";

    public const int HttpPort = 80;
    public const int TlsPort = 443;

    /// <summary>A TLS server that speaks only TLS 1.3: a TLS 1.2-only client's handshake ends in an alert.</summary>
    public const int Tls13OnlyPort = 8443;

    public const int DnsPort = 53;

    /// <summary>Size of <c>/big.bin</c> on the HTTP server: a few hundred kB, enough for losses to force retransmissions.</summary>
    public const int BigFileBytes = 300_000;

    private readonly string _id = "dtn" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..3]);
    private readonly List<LabProcess> _servers = [];
    private readonly List<string> _namespaces = [];
    private string? _directory;

    public NetworkLab()
    {
        Server = Host("server", "srv", 1);
        Client = Host("client", "cli", 10);
        Scanner = Host("scanner", "scn", 11);
    }

    public LabHost Server { get; }

    public LabHost Client { get; }

    public LabHost Scanner { get; }

    public IReadOnlyList<LabHost> Hosts => [Server, Client, Scanner];

    /// <summary>Names the resolver knows; any other name under <c>lab</c> is answered NXDOMAIN.</summary>
    public IReadOnlyDictionary<string, string> KnownNames { get; } = new Dictionary<string, string>
    {
        ["printer.lab"] = "10.77.0.50",
        ["camera.lab"] = "10.77.0.51",
    };

    private string SwitchNamespace => _id + "-sw";

    private string Directory => _directory ?? throw new InvalidOperationException("the lab is not started");

    public async Task InitializeAsync()
    {
        RequiredTools.EnsureInstalled();
        _directory = System.IO.Directory.CreateTempSubdirectory(_id + "-").FullName;
        try
        {
            await BuildNetworkAsync();
            await StartServersAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh path in the lab's scratch directory.</summary>
    public string NewPath(string name) => Path.Combine(Directory, Guid.NewGuid().ToString("N")[..8] + "-" + name);

    /// <summary>Runs a program inside a host's namespace and returns how it ended (not checked).</summary>
    public Task<CommandResult> RunAsync(LabHost host, params string[] command) => InNamespaceAsync(host.Namespace, command);

    /// <summary>Runs a program inside a host's namespace and fails unless it exits with 0.</summary>
    public async Task<CommandResult> RunCheckedAsync(LabHost host, params string[] command) =>
        (await RunAsync(host, command)).EnsureSuccess();

    /// <summary>
    /// Starts tcpdump on the switch port facing <paramref name="host"/> (the server unless named), keeping the frames
    /// a BPF <paramref name="filter"/> accepts (all unless given).
    /// </summary>
    public Task<PacketCapture> StartCaptureAsync(string name, int? snapLength = null, LabHost? host = null, string? filter = null) =>
        PacketCapture.StartAsync(SwitchNamespace, (host ?? Server).SwitchPort, NewPath(name + ".pcap"), snapLength, filter);

    /// <summary>
    /// Drops a share of the TCP segments <paramref name="host"/> receives (nftables in its namespace; small kernels
    /// have no netem) until the result is disposed: the sender resends them, and the capture on the switch sees both.
    /// </summary>
    public async Task<IAsyncDisposable> DropIncomingTcpAsync(LabHost host, int percent)
    {
        await RunCheckedAsync(host, "nft", "add", "table", "inet", "dtnloss");
        await RunCheckedAsync(host, "nft", "add", "chain", "inet", "dtnloss", "input", "{ type filter hook input priority 0; }");
        await RunCheckedAsync(host, "nft", "add", "rule", "inet", "dtnloss", "input", "meta", "l4proto", "tcp", "numgen", "random", "mod", "100", "<", percent.ToString(System.Globalization.CultureInfo.InvariantCulture), "drop");
        return new Loss(this, host);
    }

    private sealed class Loss(NetworkLab lab, LabHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await lab.RunCheckedAsync(host, "nft", "delete", "table", "inet", "dtnloss");
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _servers.Clear();
        var errors = new List<string>();
        // Deleting a namespace destroys its veth ends, and with them their peers in the other namespaces.
        foreach (var name in Enumerable.Reverse(_namespaces))
        {
            var result = await Command.RunAsync("ip", "netns", "del", name);
            if (!result.Succeeded)
            {
                errors.Add(result.Error.Trim());
            }
        }

        _namespaces.Clear();
        // DTN_LAB_KEEP=1 keeps the captures and the probe's outputs for a look after the run.
        if (_directory is not null && System.IO.Directory.Exists(_directory) && Environment.GetEnvironmentVariable("DTN_LAB_KEEP") != "1")
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("the lab was not removed completely: " + string.Join("; ", errors));
        }
    }

    private LabHost Host(string name, string shortName, int lastByte) =>
        new(name, $"{_id}-{shortName}", "p-" + shortName, IPAddress.Parse($"10.77.0.{lastByte}"),
            IPAddress.Parse($"fd00:77::{lastByte}"));

    private async Task BuildNetworkAsync()
    {
        await AddNamespaceAsync(SwitchNamespace);
        await SwitchAsync("ip", "link", "add", "br0", "type", "bridge");
        await SwitchAsync("ip", "link", "set", "br0", "up");
        foreach (var host in Hosts)
        {
            await AddNamespaceAsync(host.Namespace);
            // Both ends are created directly in their namespaces: nothing ever appears in the machine's own.
            (await Command.RunAsync("ip", "link", "add", LabHost.Interface, "netns", host.Namespace, "type", "veth",
                "peer", "name", host.SwitchPort, "netns", SwitchNamespace)).EnsureSuccess();
            await SwitchAsync("ip", "link", "set", host.SwitchPort, "master", "br0", "up");
            // Frames of real-network size: no segmentation offload (veths would otherwise carry 64 KB super-frames).
            await SwitchAsync("ethtool", "-K", host.SwitchPort, "tso", "off", "gso", "off", "gro", "off");
            await RunCheckedAsync(host, "ethtool", "-K", LabHost.Interface, "tso", "off", "gso", "off", "gro", "off");
            await RunCheckedAsync(host, "ip", "addr", "add", $"{host.IPv4}/24", "dev", LabHost.Interface);
            await RunCheckedAsync(host, "ip", "addr", "add", $"{host.IPv6}/64", "dev", LabHost.Interface, "nodad");
            await RunCheckedAsync(host, "ip", "link", "set", "lo", "up");
            await RunCheckedAsync(host, "ip", "link", "set", LabHost.Interface, "up");
        }
    }

    private async Task StartServersAsync()
    {
        var www = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "www")).FullName;
        await File.WriteAllTextAsync(Path.Combine(www, "hello.txt"), "hello from the lab\n");
        var big = new byte[BigFileBytes];
        new Random(11).NextBytes(big);
        await File.WriteAllBytesAsync(Path.Combine(www, "big.bin"), big);

        var key = Path.Combine(Directory, "key.pem");
        var certificate = Path.Combine(Directory, "cert.pem");
        (await Command.RunAsync("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=tls.lab")).EnsureSuccess();

        StartServer(["python3", "-m", "http.server", Port(HttpPort), "--bind", "::", "--directory", www]);
        StartServer(["openssl", "s_server", "-accept", Port(TlsPort), "-cert", certificate, "-key", key, "-www", "-quiet"]);
        StartServer(["openssl", "s_server", "-accept", Port(Tls13OnlyPort), "-tls1_3", "-cert", certificate, "-key", key, "-www", "-quiet"]);
        List<string> dnsmasq = ["dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
            "--pid-file", "--user=root", "--log-facility=-", $"--listen-address={Server.IPv4}", "--bind-interfaces",
            "--local=/lab/"];
        dnsmasq.AddRange(KnownNames.Select(n => $"--address=/{n.Key}/{n.Value}"));
        StartServer(dnsmasq);

        await WaitForListeningAsync("-Hltn", HttpPort);
        await WaitForListeningAsync("-Hltn", TlsPort);
        await WaitForListeningAsync("-Hltn", Tls13OnlyPort);
        await WaitForListeningAsync("-Hlun", DnsPort);
    }

    private void StartServer(IEnumerable<string> command) =>
        _servers.Add(LabProcess.Start("ip", ["netns", "exec", Server.Namespace, .. command]));

    private async Task WaitForListeningAsync(string socketOptions, int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var sockets = await RunCheckedAsync(Server, "ss", socketOptions, "sport", "=", ":" + Port(port));
            if (sockets.Output.Trim().Length > 0)
            {
                return;
            }

            var exited = _servers.FirstOrDefault(s => s.HasExited);
            if (exited is not null || DateTime.UtcNow > deadline)
            {
                var detail = exited is null ? "" : $"; `{exited.Command}` exited:\n{exited.Output}";
                throw new InvalidOperationException($"no server of the lab listens on port {port}{detail}");
            }

            await Task.Delay(100);
        }
    }

    private async Task AddNamespaceAsync(string name)
    {
        (await Command.RunAsync("ip", "netns", "add", name)).EnsureSuccess();
        _namespaces.Add(name);
    }

    private async Task SwitchAsync(params string[] command) => (await InNamespaceAsync(SwitchNamespace, command)).EnsureSuccess();

    private static Task<CommandResult> InNamespaceAsync(string name, IEnumerable<string> command) =>
        Command.RunAsync("ip", ["netns", "exec", name, .. command], TimeSpan.FromMinutes(2));

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
