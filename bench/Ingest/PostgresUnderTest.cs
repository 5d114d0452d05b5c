using DigitalTwin.TestSupport;
using System.Text.RegularExpressions;

namespace DigitalTwin.Ingest;

/// <summary>
/// The PostgreSQL the postgres runs write into: the server given with <c>--postgres</c>, used as it is, or a
/// throwaway PostgreSQL 15 started for this invocation, in which every run gets a fresh database so that
/// no run replays or counts another's rows. Disposing stops a throwaway server and deletes its files.
/// </summary>
public sealed class PostgresUnderTest : IAsyncDisposable
{
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
