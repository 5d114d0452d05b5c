using System.Net.Sockets;

namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>
/// The servers the lab's clients and attackers talk to, all on loopback: a static web site (python's http.server,
/// port 80), a login page behind Basic authentication (port 80 of the login address), HTTPS (<c>openssl s_server -www</c>,
/// port 443, a self-signed certificate made here), the same on the beacon's server, and DNS (dnsmasq, port 53, where
/// the probe reads DNS).
/// </summary>
internal sealed class LabServers : IAsyncDisposable
{
    public const string LoginUser = "admin";
    public const string LoginPassword = "correct-horse";

    private readonly List<LabProcess> _processes = [];

    private LabServers(string directory) => Directory = directory;

    /// <summary>Where the site, the certificate and the scripts' copies live; removed on dispose.</summary>
    public string Directory { get; }

    /// <summary>The site's pages, of sizes a browser meets: small pages, a stylesheet, images.</summary>
    public IReadOnlyList<string> Pages { get; } = ["index.html", "news.html", "about.html", "style.css", "logo.png", "photo.jpg", "report.pdf"];

    public static async Task<LabServers> StartAsync(LabNetwork network, string scripts, CancellationToken cancellationToken)
    {
        var servers = new LabServers(System.IO.Directory.CreateTempSubdirectory("dtn-capture-lab-").FullName);
        try
        {
            await servers.StartAllAsync(network, scripts, cancellationToken);
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(LabNetwork network, string scripts, CancellationToken cancellationToken)
    {
        var site = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "site")).FullName;
        var content = new Random(7);
        int[] sizes = [4_000, 9_000, 2_500, 6_000, 18_000, 140_000, 420_000];
        for (var i = 0; i < Pages.Count; i++)
        {
            var bytes = new byte[sizes[i]];
            content.NextBytes(bytes);
            await File.WriteAllBytesAsync(Path.Combine(site, Pages[i]), bytes, cancellationToken);
        }

        var key = Path.Combine(Directory, "lab.key");
        var certificate = Path.Combine(Directory, "lab.crt");
        var made = await ToolRun.RunAsync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=www.lab.internal", "-keyout", key, "-out", certificate], cancellationToken);
        if (made.ExitCode != 0)
        {
            throw new InvalidOperationException($"openssl could not make the lab's certificate: {made.Output}");
        }

        _processes.Add(LabProcess.Start("http.server", LabClients.Python, "-m", "http.server", "80", "--bind", network.Server, "--directory", site));
        _processes.Add(LabProcess.Start("login server", LabClients.Python, Path.Combine(scripts, "basic_auth_server.py"), network.LoginServer, "80", $"{LoginUser}:{LoginPassword}"));
        _processes.Add(LabProcess.Start("openssl s_server", "openssl", "s_server", "-accept", $"{network.Server}:443", "-cert", certificate, "-key", key, "-www", "-quiet"));
        _processes.Add(LabProcess.Start("openssl s_server (beacon)", "openssl", "s_server", "-accept", $"{network.CommandServer}:443", "-cert", certificate, "-key", key, "-www", "-quiet"));
        var dns = new List<string>
        {
            "--keep-in-foreground", "--conf-file=/dev/null", "--pid-file=", $"--listen-address={network.Server}", "--bind-interfaces", "--port=53",
            "--no-resolv", "--no-hosts", "--local=/#/", $"--address=/{network.TunnelDomain}/{network.Server}",
        };
        dns.AddRange(network.Names.Select(name => $"--host-record={name},{network.Server}"));
        _processes.Add(LabProcess.Start("dnsmasq", "dnsmasq", dns));

        foreach (var (address, port) in new[] { (network.Server, 80), (network.LoginServer, 80), (network.Server, 443), (network.CommandServer, 443), (network.Server, 53) })
        {
            await WaitUntilListeningAsync(address, port, cancellationToken);
        }
    }

    /// <summary>Waits until a TCP connection to the port succeeds (dnsmasq also listens on TCP 53); fails when a server exited.</summary>
    private async Task WaitUntilListeningAsync(string address, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (_processes.FirstOrDefault(p => p.HasExited) is { } stopped)
            {
                throw new InvalidOperationException($"{stopped.Name} exited with {stopped.ExitCode}:\n{string.Join('\n', stopped.Lines())}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(address, port, timeout.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, timeout.Token);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
