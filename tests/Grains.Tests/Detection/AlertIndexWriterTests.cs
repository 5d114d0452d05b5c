using System.Collections.Concurrent;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Grains.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigitalTwin.Grains.Tests.Detection;

/// <summary>
/// The alert index's writer (and so every <see cref="DigitalTwin.Grains.Hosting.WriteBehindWriter{T}"/>) against a store whose first
/// write the test holds: what a twin handed over is in the store once the writer has stopped, whatever that write did.
/// </summary>
public sealed class AlertIndexWriterTests
{
    private static readonly DateTimeOffset Raised = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AnAcknowledgementBeingWrittenWhenTheSiloStopsIsWrittenBeforeItStops()
    {
        // PostgreSQL answers a cancelled command with OperationCanceledException, having rolled it back.
        var store = new HeldAlertStore(async cancellationToken => await Task.Delay(Timeout.Infinite, cancellationToken));
        var writer = new AlertIndexWriter(store, NullLogger<AlertIndexWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var acknowledged = Alert() with { AcknowledgedBy = "api", AcknowledgedAt = Raised.AddSeconds(1), UpdatedAt = Raised.AddSeconds(1) };

        writer.Enqueue(acknowledged);
        await store.FirstWriteStarted.WaitAsync(Eventually.DefaultTimeout);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal("api", Assert.Contains(acknowledged.Id, store.Stored).AcknowledgedBy);
        Assert.Equal(0, writer.Pending);
    }

    [Fact]
    public async Task ARefusedVersionGoingBackToTheQueueNeverReplacesOneQueuedSince()
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new HeldAlertStore(async _ =>
        {
            await answer.Task;
            throw new InvalidOperationException("the database is away");
        });
        var writer = new AlertIndexWriter(store, NullLogger<AlertIndexWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        var raised = Alert();

        writer.Enqueue(raised);
        await store.FirstWriteStarted.WaitAsync(Eventually.DefaultTimeout);
        // The same instant: a fake clock, or a coarse one, gives both versions one time; the later one is the truth.
        writer.Enqueue(raised with { AcknowledgedBy = "api", AcknowledgedAt = Raised });
        answer.SetResult();
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal("api", Assert.Contains(raised.Id, store.Stored).AcknowledgedBy);
    }

    private static AnomalyAlert Alert() =>
        new($"writer-{Guid.NewGuid():N}", 1, "port_scan", AlertSeverity.Warning, AlertStatus.Active, Raised, Raised.AddSeconds(10), 1, 9, [])
        {
            UpdatedAt = Raised,
        };

    /// <summary>
    /// Keeps the newest version of each alert, as both real stores do; its first write runs <c>first</c> instead (it
    /// may hang until cancelled, or fail), and says when it started.
    /// </summary>
    private sealed class HeldAlertStore(Func<CancellationToken, Task> first) : IAlertStore
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _writes;

        public ConcurrentDictionary<string, AnomalyAlert> Stored { get; } = new(StringComparer.Ordinal);

        public Task FirstWriteStarted => _started.Task;

        public async Task UpsertAsync(IReadOnlyList<AnomalyAlert> alerts, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _writes) == 1)
            {
                _started.SetResult();
                await first(cancellationToken);
            }

            foreach (var alert in alerts)
            {
                Stored.AddOrUpdate(alert.Id, alert, (_, stored) => stored.UpdatedAt <= alert.UpdatedAt ? alert : stored);
            }
        }

        public Task<AlertPage> QueryAsync(AlertQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<AnomalyAlert?> FindAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
