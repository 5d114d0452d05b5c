using System.Diagnostics;

namespace DigitalTwin.TestSupport;

/// <summary>
/// A throwaway PostgreSQL 15 cluster for tests: initdb in a temporary directory, a free port on
/// 127.0.0.1, trust authentication, stopped and deleted on dispose. PostgreSQL refuses to run as root,
/// so under root the server runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";

    private readonly string _root;
    private readonly string _data;
    private bool _running;

    private PostgresServer(string root, int port)
    {
        _root = root;
        _data = Path.Combine(root, "data");
        Port = port;
    }

    public int Port { get; }

    /// <summary>The cluster's data directory; its <c>postmaster.pid</c> names the server's process.</summary>
    public string DataDirectory => _data;

    /// <summary>Connection string for a database on this server (the default one unless named).</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=40";

    public static async Task<PostgresServer> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "dtn-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var server = new PostgresServer(root, FreePort.Next());
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", $"-R postgres:postgres {root}");
        }

        await server.RunToolAsync("initdb", $"-D {server._data} -U postgres -A trust -E UTF8 --no-sync --locale=C.UTF-8");
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Stops the server as a crash or a lost database host does (immediate mode: no checkpoint, clients cut off).</summary>
    public async Task StopAsync()
    {
        await RunToolAsync("pg_ctl", $"-D {_data} -m immediate -w stop");
        _running = false;
    }

    /// <summary>Starts the server again on the same port and data directory, as a database host that comes back.</summary>
    public async Task StartAgainAsync()
    {
        var options = $"-c listen_addresses=127.0.0.1 -p {Port} -k {_root} -c max_connections=300 -c shared_buffers=256MB";
        await RunToolAsync("pg_ctl", $"-D {_data} -l {Path.Combine(_root, "server.log")} -w -t 60 -o \"{options}\" start");
        _running = true;
    }

    /// <summary>Creates an empty database, so each test class can start from a clean schema.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await RunToolAsync("createdb", $"-h 127.0.0.1 -p {Port} -U postgres {name}");
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_running)
            {
                await StopAsync();
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private Task RunToolAsync(string tool, string arguments)
    {
        var path = Path.Combine(BinDirectory, tool);
        return Environment.UserName == "root"
            ? RunAsync("runuser", $"-u postgres -- {path} {arguments}")
            : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
