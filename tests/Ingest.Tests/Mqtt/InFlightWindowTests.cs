using DigitalTwin.Ingest.Mqtt;

namespace DigitalTwin.Ingest.Tests.Mqtt;

/// <summary>Packet ids of the messages in flight: bounded, reused only once acknowledged, acknowledged in any order.</summary>
public sealed class InFlightWindowTests
{
    [Fact]
    public void AFullWindowAdmitsNoMoreUntilAPubAckFreesAnId()
    {
        var window = new InFlightWindow(2);

        Assert.Equal((ushort)1, window.TryAdd(10));
        Assert.Equal((ushort)2, window.TryAdd(11));
        Assert.Equal(0, window.TryAdd(12));

        Assert.True(window.TryComplete(1, out var seq));
        Assert.Equal(10, seq);
        Assert.Equal((ushort)1, window.TryAdd(12));
        Assert.Equal(2, window.Count);
    }

    [Fact]
    public void PubAcksMayComeOutOfOrder()
    {
        var window = new InFlightWindow(3);
        window.TryAdd(1);
        window.TryAdd(2);
        window.TryAdd(3);

        Assert.True(window.TryComplete(3, out var third));
        Assert.True(window.TryComplete(1, out var first));

        Assert.Equal((3, 1), (third, first));
        Assert.Equal(1, window.Count);
    }

    [Fact]
    public void AStrayOrRepeatedPubAckCompletesNothing()
    {
        var window = new InFlightWindow(2);
        window.TryAdd(5);

        Assert.True(window.TryComplete(1, out _));
        Assert.False(window.TryComplete(1, out _));
        Assert.False(window.TryComplete(2, out _));
        Assert.False(window.TryComplete(999, out _));
        Assert.Equal(0, window.Count);
    }

    [Fact]
    public void ClearingALostConnectionsWindowReturnsWhatWasInFlightAndStartsOver()
    {
        var window = new InFlightWindow(3);
        window.TryAdd(7);
        window.TryAdd(8);
        window.TryComplete(1, out _);

        Assert.Equal([8L], window.Clear());
        Assert.Equal(0, window.Count);
        Assert.Equal((ushort)1, window.TryAdd(9));
    }
}
