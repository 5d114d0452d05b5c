using DigitalTwin.Grains.Streams;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DigitalTwin.Persistence.MessageLog;

/// <summary>
/// Listens on <see cref="PostgresDeviceMessageLog.QueuesChannel"/> and raises the <see cref="QueueWakeups"/> of the
/// queues another silo wrote to, so this silo's pulling agents read them within milliseconds of the commit instead of
/// polling the database. A dropped connection is opened again; every queue then looks once, for what was missed.
/// </summary>
/// <remarks>The loop runs without the host's token, as <c>GroupCommitWriter</c>'s does: see its remarks.</remarks>
internal sealed partial class QueueNotificationListener(NpgsqlDataSource database, QueueWakeups wakeups, ILogger<QueueNotificationListener> logger) : IHostedService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(ListenAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(cancellationToken);
        }

        _stopping.Dispose();
    }

    private async Task ListenAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenConnectionAsync(token);
                connection.Notification += (_, notification) => Raise(notification.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDeviceMessageLog.QueuesChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(token);
                }

                wakeups.RaiseAll();
                while (true)
                {
                    await connection.WaitAsync(token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogListenFailed(logger, ex, RetryDelay);
                wakeups.RaiseAll();
                try
                {
                    await Task.Delay(RetryDelay, token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Raise(string payload)
    {
        foreach (var part in payload.Split(','))
        {
            if (int.TryParse(part, out var queue))
            {
                wakeups.Raise(queue);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for device queue notifications failed; listening again in {Delay} (queues are read once a safety period meanwhile)")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, TimeSpan delay);
}
