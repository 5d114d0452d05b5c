using Microsoft.Extensions.Hosting;

namespace DigitalTwin.Grains.Diagnostics;

/// <summary>
/// Samples <see cref="IngestMetrics"/> once a second and answers message rates over the last
/// 10 and 60 seconds.
/// </summary>
public sealed class IngestRates(IngestMetrics metrics, TimeProvider clock) : BackgroundService
{
    private const int Window = 61;

    private readonly Lock _lock = new();
    private readonly Sample[] _samples = new Sample[Window];
    private int _next;
    private int _count;

    public IngestRateSnapshot Current()
    {
        lock (_lock)
        {
            return new IngestRateSnapshot(Rate(10), Rate(60));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        Record();
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            Record();
        }
    }

    private void Record()
    {
        var sample = new Sample(clock.GetUtcNow(), metrics.Received, metrics.Accepted, metrics.Rejected);
        lock (_lock)
        {
            _samples[_next] = sample;
            _next = (_next + 1) % Window;
            _count = Math.Min(_count + 1, Window);
        }
    }

    private MessageRates Rate(int seconds)
    {
        if (_count < 2)
        {
            return new MessageRates(0, 0, 0);
        }

        var newest = _samples[(_next - 1 + Window) % Window];
        var back = Math.Min(seconds, _count - 1);
        var oldest = _samples[(_next - 1 - back + Window) % Window];
        var elapsed = (newest.At - oldest.At).TotalSeconds;
        if (elapsed <= 0)
        {
            return new MessageRates(0, 0, 0);
        }

        return new MessageRates(
            (newest.Received - oldest.Received) / elapsed,
            (newest.Accepted - oldest.Accepted) / elapsed,
            (newest.Rejected - oldest.Rejected) / elapsed);
    }

    private readonly record struct Sample(DateTimeOffset At, long Received, long Accepted, long Rejected);
}
