using Npgsql;

namespace DigitalTwin.Ingest;

/// <summary>
/// Samples <c>pg_stat_activity</c> while the window runs and counts what the server's busy processes were doing:
/// running (no wait event), or waiting on what (<c>IO:WalSync</c>, <c>LWLock:WALWrite</c>, <c>Client:ClientRead</c>,
/// ...). Divided by the number of samples, a count is the mean number of processes in that state: where the
/// database's share of a message's time goes. Idle connections and background processes in their idle wait
/// (<c>Activity</c>) are left out.
/// </summary>
public sealed class PostgresWaitSampler
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _sampling = Task.CompletedTask;
    private int _samples;

    public static PostgresWaitSampler Start(NpgsqlDataSource dataSource)
    {
        var sampler = new PostgresWaitSampler();
        sampler._sampling = sampler.SampleAsync(dataSource);
        return sampler;
    }

    /// <summary>Stops sampling; returns (state, mean processes in it), busiest first.</summary>
    public async Task<WaitProfile> StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _sampling;
        }
        catch (OperationCanceledException)
        {
            // The way sampling ends.
        }

        _stop.Dispose();
        return new WaitProfile(
            _samples,
            Interval,
            [.. _counts.OrderByDescending(c => c.Value).Select(c => new KeyValuePair<string, double>(c.Key, (double)c.Value / Math.Max(1, _samples)))]);
    }

    private async Task SampleAsync(NpgsqlDataSource dataSource)
    {
        var token = _stop.Token;
        await using var connection = await dataSource.OpenConnectionAsync(token);
        await using var command = new NpgsqlCommand("""
            SELECT backend_type, coalesce(state, ''), coalesce(wait_event_type, ''), coalesce(wait_event, '')
            FROM pg_stat_activity
            WHERE pid <> pg_backend_pid() AND coalesce(application_name, '') <> $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgresProbe.ApplicationName });
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(token))
        {
            await using var reader = await command.ExecuteReaderAsync(token);
            while (await reader.ReadAsync(token))
            {
                var state = Classify(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
                if (state is not null)
                {
                    _counts[state] = _counts.GetValueOrDefault(state) + 1;
                }
            }

            _samples++;
        }
    }

    private static string? Classify(string backendType, string state, string waitType, string waitEvent)
    {
        var doing = waitType.Length == 0 ? "on CPU" : $"{waitType}:{waitEvent}";
        if (backendType == "client backend")
        {
            return state switch
            {
                "active" => $"client, active, {doing}",
                "idle" => null,
                _ => $"client, {state}",
            };
        }

        // A background process in its main loop waits on an Activity event; anything else is work.
        return waitType == "Activity" ? null : $"{backendType}, {doing}";
    }
}
