using Microsoft.Extensions.Time.Testing;

namespace DigitalTwin.MqttBridge.Tests.Infrastructure;

/// <summary>
/// A clock the test moves, which tells the test when the code under test starts waiting on it: moving the clock
/// before that would move it past nothing.
/// </summary>
internal sealed class WaitedOnClock : TimeProvider
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly SemaphoreSlim _waits = new(0);
    private int _waitCount;

    /// <summary>Timers created on this clock: each is a wait of the code under test.</summary>
    public int Waits => Volatile.Read(ref _waitCount);

    public override DateTimeOffset GetUtcNow() => _time.GetUtcNow();

    public override long GetTimestamp() => _time.GetTimestamp();

    public override long TimestampFrequency => _time.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _time.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _waitCount);
        _waits.Release();
        return timer;
    }

    /// <summary>Completes when the code under test has started waiting on the clock (again).</summary>
    public Task WaitedOnAsync() => _waits.WaitAsync();

    public void Advance(TimeSpan by) => _time.Advance(by);
}
