using DigitalTwin.Grains.Streams;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Tests.Streams;

/// <summary>
/// The wake-up flags of the device queues: a reader that found its queue empty waits on its flag, and a message added
/// to the queue ends the wait at once, whether it came before the wait began or during it.
/// </summary>
public sealed class QueueWakeupsTests
{
    /// <summary>Far longer than the test's bound: only a raise can end such a wait in time.</summary>
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);

    private readonly QueueWakeups _wakeups = new(Options.Create(new DeviceStreamOptions { QueueCount = 3 }));

    [Fact]
    public void EveryQueueStartsRaisedAndTakingLowersIt()
    {
        Assert.True(_wakeups.Take(0));
        Assert.False(_wakeups.Take(0));
        Assert.True(_wakeups.Take(2));
    }

    [Fact]
    public async Task AWaitOnARaisedQueueEndsAtOnceAndLeavesItRaised()
    {
        await _wakeups.WaitAsync(1, Long, CancellationToken.None).WaitAsync(Bounded);

        Assert.True(_wakeups.Take(1));
    }

    [Fact]
    public async Task ARaiseDuringAWaitEndsItAndOnlyThatQueuesWait()
    {
        LowerAll();
        var first = _wakeups.WaitAsync(0, Long, CancellationToken.None);
        var second = _wakeups.WaitAsync(1, Long, CancellationToken.None);

        _wakeups.Raise(1);

        await second.WaitAsync(Bounded);
        Assert.False(first.IsCompleted);
        Assert.True(_wakeups.Take(1));
        Assert.False(_wakeups.Take(0));
    }

    [Fact]
    public async Task ARaiseEndsEveryWaitOfItsQueueAndTheNextWaitWaitsForTheNextRaise()
    {
        LowerAll();
        var waits = new[] { _wakeups.WaitAsync(2, Long, CancellationToken.None), _wakeups.WaitAsync(2, Long, CancellationToken.None) };
        _wakeups.Raise(2);
        await Task.WhenAll(waits).WaitAsync(Bounded);
        Assert.True(_wakeups.Take(2));

        var next = _wakeups.WaitAsync(2, Long, CancellationToken.None);
        Assert.False(next.IsCompleted);
        _wakeups.RaiseAll();

        await next.WaitAsync(Bounded);
    }

    [Fact]
    public async Task AWaitEndsWithoutARaiseAfterItsTimeoutOrWhenCancelled()
    {
        LowerAll();
        await _wakeups.WaitAsync(0, TimeSpan.FromMilliseconds(20), CancellationToken.None).WaitAsync(Bounded);
        using var cancellation = new CancellationTokenSource();
        var cancelled = _wakeups.WaitAsync(0, Long, cancellation.Token);
        Assert.False(cancelled.IsCompleted);

        await cancellation.CancelAsync();

        await cancelled.WaitAsync(Bounded);
        Assert.False(_wakeups.Take(0));
    }

    [Fact]
    public async Task AnUnknownQueueIsNeverRaisedAndNeverWaitedFor()
    {
        _wakeups.Raise(7);

        Assert.False(_wakeups.Take(7));
        await _wakeups.WaitAsync(-1, Long, CancellationToken.None).WaitAsync(Bounded);
    }

    private void LowerAll()
    {
        for (var queue = 0; queue < 3; queue++)
        {
            _wakeups.Take(queue);
        }
    }
}
