using DigitalTwin.MqttBridge.Outbound;

namespace DigitalTwin.MqttBridge.Tests.Outbound;

public sealed class WideSubscriptionsTests
{
    [Theory]
    [InlineData("device/lamp-1/command", "lamp-1", null)]
    [InlineData("device/lamp-1/+", "lamp-1", null)]
    [InlineData("device/lamp-1/#", "client-7", "lamp-1")]
    [InlineData("device/lamp-1", "lamp-1", null)]
    public void ADevicesOwnTopicsAreNotWide(string filter, string clientId, string? userName) =>
        Assert.False(WideSubscriptions.IsWide(filter, clientId, userName));

    [Theory]
    [InlineData("twin/#", "lamp-1")]
    [InlineData("twin/lamp-1/update", "lamp-1")]
    [InlineData("#", "lamp-1")]
    [InlineData("+/lamp-1/command", "lamp-1")]
    [InlineData("device/+/command", "lamp-1")]
    [InlineData("device/#", "lamp-1")]
    [InlineData("device/lamp-2/command", "lamp-1")]
    [InlineData("device/lamp-10/command", "lamp-1")]
    [InlineData("device/lamp-1x/command", "lamp-1")]
    public void EverythingElseIsWide(string filter, string clientId) =>
        Assert.True(WideSubscriptions.IsWide(filter, clientId, null));

    [Fact]
    public void ChangedIsRaisedOnTheFirstWideSubscriptionAndTheLastOneGoing()
    {
        var subscriptions = new WideSubscriptions();
        var changes = new List<bool>();
        subscriptions.Changed += changes.Add;

        subscriptions.Add("lamp-1", null, "device/lamp-1/command");
        Assert.False(subscriptions.Any);
        subscriptions.Add("monitor", null, "twin/#");
        subscriptions.Add("monitor", null, "device/+/error");
        subscriptions.Add("other", null, "#");
        subscriptions.Remove("monitor", "twin/#");
        subscriptions.Remove("monitor", "device/+/error");
        Assert.True(subscriptions.Any);
        subscriptions.RemoveClient("other");

        Assert.False(subscriptions.Any);
        Assert.Equal([true, false], changes);
    }

    [Fact]
    public void RemovingWhatWasNeverWideChangesNothing()
    {
        var subscriptions = new WideSubscriptions();
        var changes = new List<bool>();
        subscriptions.Changed += changes.Add;

        subscriptions.Remove("lamp-1", "device/lamp-1/command");
        subscriptions.RemoveClient("lamp-1");

        Assert.Empty(changes);
    }
}
