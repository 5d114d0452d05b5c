using System.Diagnostics;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>
/// Round trip: each client POSTs <c>turn_on</c> with <c>?wait=10s</c> to a random twin and waits for the answer,
/// which comes when the device's ack has been recorded. Anything but <c>200 succeeded</c> is a failure.
/// </summary>
public sealed class RoundTripScenario(PlatformApi api, IReadOnlyList<string> twinIds, CommandLedger ledger)
{
    private readonly MeasurementWindow _window = new();
    private readonly LatencyDistribution _roundTrip = new();
    private readonly LatencyDistribution _postToDevice = new();
    private readonly LatencyDistribution _ackToAnswer = new();
    private readonly BenchErrors _failures = new();
    private long _next;
    private long _sentInWindow;
    private long _succeededInWindow;
    private long _answeredSucceededInWindow;

    public async Task<RoundTripFigures> RunAsync(CommandBenchOptions options, SystemUnderTest system, TextWriter log, CancellationToken cancellationToken)
    {
        ledger.Begin(_window);
        var load = await ApiLoad.RunAsync(options.Clients, options.Warmup, options.Duration, _window, system, SendOneAsync, log, cancellationToken);
        return new RoundTripFigures(
            load,
            Interlocked.Read(ref _sentInWindow),
            Interlocked.Read(ref _succeededInWindow),
            Interlocked.Read(ref _answeredSucceededInWindow),
            _failures.ByKind(),
            _roundTrip.Summarize(),
            _postToDevice.Summarize(),
            _ackToAnswer.Summarize());
    }

    private async Task SendOneAsync(CancellationToken cancellationToken)
    {
        var commandId = $"rt-{Interlocked.Increment(ref _next)}";
        var twinId = twinIds[Random.Shared.Next(twinIds.Count)];
        var sentAt = Stopwatch.GetTimestamp();
        var timing = ledger.Register(commandId, sentAt);
        CommandAnswer answer;
        try
        {
            answer = await api.SendCommandAsync(twinId, commandId, CommandBench.RoundTripWait, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            answer = new CommandAnswer(0, null, ex.GetType().Name, Stopwatch.GetTimestamp());
        }
        finally
        {
            ledger.Forget(commandId);
        }

        var succeeded = answer is { HttpStatus: 200, CommandStatus: "succeeded" };
        if (succeeded && _window.Contains(answer.AnsweredAt))
        {
            Interlocked.Increment(ref _answeredSucceededInWindow);
        }

        if (!_window.Contains(sentAt))
        {
            return;
        }

        Interlocked.Increment(ref _sentInWindow);
        if (!succeeded)
        {
            _failures.Record(answer.Outcome);
            return;
        }

        Interlocked.Increment(ref _succeededInWindow);
        _roundTrip.Add(sentAt, answer.AnsweredAt);
        if (timing.ReceivedAt != 0)
        {
            _postToDevice.Add(sentAt, timing.ReceivedAt);
        }

        if (timing.AckPublishedAt != 0)
        {
            _ackToAnswer.Add(timing.AckPublishedAt, answer.AnsweredAt);
        }
    }
}
