using System.Collections.Concurrent;
using System.Diagnostics;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>
/// Fire and forget: each client POSTs <c>turn_on</c> without <c>wait</c> and sends the next one as soon as the
/// 202 is back, so the rate is what the API takes with C requests in flight. Devices ack as usual; afterwards
/// the bench waits until every accepted command has reached its device and every ack was recorded.
/// </summary>
public sealed class FireAndForgetScenario(PlatformApi api, IReadOnlyList<string> twinIds, CommandLedger ledger)
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    private readonly MeasurementWindow _window = new();
    private readonly LatencyDistribution _postAnswer = new();
    private readonly BenchErrors _failures = new();
    private readonly ConcurrentQueue<CommandTiming> _accepted = new();
    private long _next;
    private long _sentInWindow;
    private long _acceptedAnswersInWindow;

    public async Task<FireAndForgetFigures> RunAsync(CommandBenchOptions options, SystemUnderTest system, TextWriter log, CancellationToken cancellationToken)
    {
        ledger.Begin(_window);
        var load = await ApiLoad.RunAsync(options.Clients, options.Warmup, options.Duration, _window, system, SendOneAsync, log, cancellationToken);

        await log.WriteLineAsync("  waiting for the devices to receive and ack every accepted command");
        var drainStarted = Stopwatch.GetTimestamp();
        var accepted = _accepted.ToArray();
        while (Stopwatch.GetElapsedTime(drainStarted) < DrainTimeout
               && (accepted.Any(t => t.ReceivedAt == 0) || ledger.AcksConfirmed < accepted.Length))
        {
            await Task.Delay(100, cancellationToken);
        }

        var drain = Stopwatch.GetElapsedTime(drainStarted);
        var postToDevice = new LatencyDistribution();
        foreach (var timing in accepted.Where(t => _window.Contains(t.SentAt) && t.ReceivedAt != 0))
        {
            postToDevice.Add(timing.SentAt, timing.ReceivedAt);
        }

        return new FireAndForgetFigures(
            load,
            Interlocked.Read(ref _sentInWindow),
            Interlocked.Read(ref _acceptedAnswersInWindow),
            ledger.AcksConfirmedInWindow,
            _failures.ByKind(),
            _postAnswer.Summarize(),
            postToDevice.Summarize(),
            accepted.Length,
            accepted.Count(t => t.ReceivedAt != 0),
            ledger.AcksConfirmed,
            ledger.Duplicates,
            drain);
    }

    private async Task SendOneAsync(CancellationToken cancellationToken)
    {
        var commandId = $"ff-{Interlocked.Increment(ref _next)}";
        var twinId = twinIds[Random.Shared.Next(twinIds.Count)];
        var sentAt = Stopwatch.GetTimestamp();
        var timing = ledger.Register(commandId, sentAt);
        CommandAnswer answer;
        try
        {
            answer = await api.SendCommandAsync(twinId, commandId, wait: null, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            answer = new CommandAnswer(0, null, ex.GetType().Name, Stopwatch.GetTimestamp());
        }

        // 202 while the command is on its way; 200 if the device's ack beat the answer.
        var accepted = answer.HttpStatus is 200 or 202;
        if (accepted)
        {
            _accepted.Enqueue(timing);
            if (_window.Contains(answer.AnsweredAt))
            {
                Interlocked.Increment(ref _acceptedAnswersInWindow);
            }
        }
        else
        {
            ledger.Forget(commandId);
        }

        if (!_window.Contains(sentAt))
        {
            return;
        }

        Interlocked.Increment(ref _sentInWindow);
        if (accepted)
        {
            _postAnswer.Add(sentAt, answer.AnsweredAt);
        }
        else
        {
            _failures.Record(answer.Outcome);
        }
    }
}
