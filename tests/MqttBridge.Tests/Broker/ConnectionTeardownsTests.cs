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
}
