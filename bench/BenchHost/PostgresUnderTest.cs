using System.Globalization;
using DigitalTwin.TestSupport;
using System.Text.RegularExpressions;

namespace DigitalTwin.BenchHost;

/// <summary>
/// The PostgreSQL a benchmark's postgres runs write into: the server given with <c>--postgres</c>, used as it is, or a
/// throwaway PostgreSQL 15 started for this invocation, in which every run gets a fresh database so that
/// no run replays or counts another's rows. Disposing stops a throwaway server and deletes its files.
/// </summary>
public sealed class PostgresUnderTest : IAsyncDisposable
{
    // USER_HZ, the unit of /proc/{pid}/stat; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private readonly PostgresServer? _server;
    private readonly string? _given;
    private int _databases;

    private PostgresUnderTest(PostgresServer? server, string? given)
    {
        _server = server;
        _given = given;
    }

    /// <summary>Where the runs write, for the report; without credentials.</summary>
    public string Description => _server is not null
        ? $"throwaway PostgreSQL 15 on 127.0.0.1:{_server.Port} (initdb defaults, fsync on, shared_buffers=256MB), fresh database per run"
        : $"given server {RedactPasswords(_given!)}";

    public static async Task<PostgresUnderTest> StartAsync(string? connectionString) =>
        connectionString is not null
            ? new PostgresUnderTest(null, connectionString)
            : new PostgresUnderTest(await PostgresServer.StartAsync(), null);

    /// <summary>The connection string for the next run.</summary>
    public async Task<string> CreateDatabaseAsync() =>
        _server is null ? _given! : await _server.CreateDatabaseAsync($"dtn_bench_{Interlocked.Increment(ref _databases)}");

    /// <summary>
    /// User plus system CPU of the throwaway server so far: its postmaster and the processes under it (backends,
    /// WAL writer, checkpointer), read from <c>/proc</c>. Null for a given server, whose processes may be anywhere.
    /// Time of a backend that exited is gone from <c>/proc</c>: a run's connections live in the silo's pool.
    /// </summary>
    public TimeSpan? ServerCpu()
    {
        if (_server is null)
        {
            return null;
        }

        var postmaster = int.Parse(File.ReadLines(Path.Combine(_server.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                // After the command name in parentheses (which may hold spaces): state, ppid, ..., utime (14th field), stime (15th).
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (pid == postmaster || int.Parse(fields[1], CultureInfo.InvariantCulture) == postmaster)
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The process ended while the directory was read.
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>
    /// Blanks every connection-string password in <paramref name="text"/> (a connection string or a whole
    /// command line): command lines are printed with the figures, passwords must not be.
    /// </summary>
    public static string RedactPasswords(string text) =>
        Regex.Replace(text, "(password|pwd)=[^;\\s]*", "$1=***", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
