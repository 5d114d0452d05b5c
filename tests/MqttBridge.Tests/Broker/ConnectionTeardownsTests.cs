using DigitalTwin.MqttBridge.Broker;
using Microsoft.Extensions.Time.Testing;

namespace DigitalTwin.MqttBridge.Tests.Broker;

/// <summary>
/// The waits run on a clock the tests move, so only what a test does (an end, a move of the clock) can complete them:
/// a stalled test process can neither let a grace run out early nor make a wait look stuck.
/// </summary>
public sealed class ConnectionTeardownsTests
{
    /// <summary>Only guards against a wait that never completes; the clock the waits run on does not move by itself.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void AConnectWithAnIdNobodyIsClosingGoesAheadAtOnce()
    {
        var teardowns = new ConnectionTeardowns(_clock);
        teardowns.Begin("other-device", new object());

        Assert.True(teardowns.WaitForAsync("device-1", CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AConnectWaitsUntilTheClosingConnectionOfItsIdIsDone()
    {
        var teardowns = new ConnectionTeardowns(_clock);
        var old = new object();
        teardowns.Begin("device-1", old);

        var waiting = teardowns.WaitForAsync("device-1", CancellationToken.None);
        _clock.Advance(ConnectionTeardowns.MaximumWait - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted);

        teardowns.End("device-1", old);
        await waiting.WaitAsync(Hang);
    }

    [Fact]
    public async Task AConnectGoesAheadWhenTheClosingConnectionOfItsIdIsStuck()
    {
        var teardowns = new ConnectionTeardowns(_clock);
        teardowns.Begin("device-1", new object());

        var waiting = teardowns.WaitForAsync("device-1", CancellationToken.None);
        _clock.Advance(ConnectionTeardowns.MaximumWait);

        await waiting.WaitAsync(Hang);
    }

    [Fact]
    public async Task OnlyTheConnectionThatBeganClosingEndsTheWait()
    {
        var teardowns = new ConnectionTeardowns(_clock);
        var newer = new object();
        teardowns.Begin("device-1", newer);
        var waiting = teardowns.WaitForAsync("device-1", CancellationToken.None);

        teardowns.End("device-1", new object());
        await Task.Yield();
        Assert.False(waiting.IsCompleted);

        teardowns.End("device-1", newer);
        await waiting.WaitAsync(Hang);
    }

    [Fact]
    public void AnEndedConnectionLeavesNothingToWaitFor()
    {
        var teardowns = new ConnectionTeardowns(_clock);
        var old = new object();
        teardowns.Begin("device-1", old);
        teardowns.End("device-1", old);

        Assert.True(teardowns.WaitForAsync("device-1", CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AConnectWaitsForAnOpenConnectionOfItsIdThatEndsWithinTheGrace()
    {
        var teardowns = new ConnectionTeardowns(_clock);
        var old = new object();
        teardowns.Open("device-1", old);

        var waiting = teardowns.WaitForAsync("device-1", CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        teardowns.Begin("device-1", old);
        teardowns.End("device-1", old);

        await waiting.WaitAsync(Hang);
    }

    [Fact]
    public async Task AConnectTakesOverAnOpenConnectionThatDoesNotEndAfterTheGrace()
    {
        var teardowns = new ConnectionTeardowns(_clock);
        teardowns.Open("device-1", new object());

        var waiting = teardowns.WaitForAsync("device-1", CancellationToken.None);
        _clock.Advance(ConnectionTeardowns.TakeoverGrace - TimeSpan.FromMilliseconds(1));
        Assert.False(waiting.IsCompleted);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        await waiting.WaitAsync(Hang);
    }

    [Fact]
    public async Task AnOlderConnectionEndingAfterANewerOneOpenedLeavesTheNewerOneInPlace()
    {
        var teardowns = new ConnectionTeardowns(_clock);
        var old = new object();
        var newer = new object();
        teardowns.Open("device-1", old);
        teardowns.Open("device-1", newer);

        teardowns.Begin("device-1", old);
        teardowns.End("device-1", old);

        // The newer connection is still open, so a third CONNECT gives it the grace.
        var waiting = teardowns.WaitForAsync("device-1", CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        teardowns.End("device-1", newer);
        await waiting.WaitAsync(Hang);
    }
}
