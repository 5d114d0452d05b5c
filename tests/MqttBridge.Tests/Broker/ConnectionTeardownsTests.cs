using DigitalTwin.MqttBridge.Broker;

namespace DigitalTwin.MqttBridge.Tests.Broker;

public sealed class ConnectionTeardownsTests
{
    [Fact]
    public void AConnectWithAnIdNobodyIsClosingGoesAheadAtOnce()
    {
        var teardowns = new ConnectionTeardowns();
        teardowns.Begin("other-device", new object());

        Assert.True(teardowns.WaitForAsync("device-1", CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AConnectWaitsUntilTheClosingConnectionOfItsIdIsDone()
    {
        var teardowns = new ConnectionTeardowns();
        var old = new object();
        teardowns.Begin("device-1", old);

        var waiting = teardowns.WaitForAsync("device-1", CancellationToken.None);
        await Task.Yield();
        Assert.False(waiting.IsCompleted);

        teardowns.End("device-1", old);
        await waiting.WaitAsync(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task OnlyTheConnectionThatBeganClosingEndsTheWait()
    {
        var teardowns = new ConnectionTeardowns();
        var newer = new object();
        teardowns.Begin("device-1", newer);
        var waiting = teardowns.WaitForAsync("device-1", CancellationToken.None);

        teardowns.End("device-1", new object());
        await Task.Yield();
        Assert.False(waiting.IsCompleted);

        teardowns.End("device-1", newer);
        await waiting.WaitAsync(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void AnEndedConnectionLeavesNothingToWaitFor()
    {
        var teardowns = new ConnectionTeardowns();
        var old = new object();
        teardowns.Begin("device-1", old);
        teardowns.End("device-1", old);

        Assert.True(teardowns.WaitForAsync("device-1", CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AConnectWaitsForAnOpenConnectionOfItsIdThatEndsWithinTheGrace()
    {
        var teardowns = new ConnectionTeardowns();
        var old = new object();
        teardowns.Open("device-1", old);

        var waiting = teardowns.WaitForAsync("device-1", CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        teardowns.Begin("device-1", old);
        teardowns.End("device-1", old);

        await waiting.WaitAsync(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task AConnectTakesOverAnOpenConnectionThatDoesNotEndAfterTheGrace()
    {
        var teardowns = new ConnectionTeardowns();
        teardowns.Open("device-1", new object());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await teardowns.WaitForAsync("device-1", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));

        Assert.InRange(clock.Elapsed, ConnectionTeardowns.TakeoverGrace * 0.9, ConnectionTeardowns.MaximumWait);
    }

    [Fact]
    public async Task AnOlderConnectionEndingAfterANewerOneOpenedLeavesTheNewerOneInPlace()
    {
        var teardowns = new ConnectionTeardowns();
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
        await waiting.WaitAsync(TimeSpan.FromSeconds(1));
    }
}
