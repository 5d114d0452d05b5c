using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Tests.Traffic;

public sealed class HostHistoryTests
{
    private const int Capacity = 16;

    [Fact]
    public void AFullHistoryDropsTheLeastRecentlyUsedEighthOfItsEndpoints()
    {
        var history = new HostHistory(Capacity);
        for (var i = 0; i < Capacity; i++)
        {
            Assert.True(Open(history, i, seconds: i));
        }

        Assert.False(Open(history, 0, seconds: 100)); // used again: now the most recent but one
        Assert.True(Open(history, Capacity, seconds: 101));

        Assert.Equal(Capacity - Capacity / 8 + 1, history.EndpointCount);
        Assert.False(Open(history, 0, seconds: 102)); // recently used: kept
        Assert.False(Open(history, 3, seconds: 103));
        Assert.True(Open(history, 1, seconds: 104)); // the least recently used two were dropped: new again
        Assert.True(Open(history, 2, seconds: 105));
    }

    [Fact]
    public void AFullHistoryDropsTheLeastRecentlyUsedEighthOfItsNames()
    {
        var history = new HostHistory(Capacity);
        for (var i = 0; i < Capacity; i++)
        {
            Assert.True(history.Queried((ulong)i));
        }

        Assert.False(history.Queried(0));
        Assert.True(history.Queried(Capacity));

        Assert.Equal(Capacity - Capacity / 8 + 1, history.NameCount);
        Assert.False(history.Queried(0));
        Assert.False(history.Queried(3));
        Assert.True(history.Queried(1));
        Assert.True(history.Queried(2));
    }

    [Fact]
    public void NeverHoldsMoreThanItsCapacity()
    {
        var history = new HostHistory(Capacity);
        for (var i = 0; i < 10 * Capacity; i++)
        {
            Open(history, i, seconds: i);
            history.Queried((ulong)i);
            Assert.InRange(history.EndpointCount, 1, Capacity);
            Assert.InRange(history.NameCount, 1, Capacity);
        }
    }

    [Fact]
    public void AnEndpointReportsItsRhythmFromItsThirdGapOn()
    {
        var history = new HostHistory(Capacity);
        var reported = new List<(double Mean, double Cv)>();
        for (var k = 0; k < 5; k++)
        {
            history.OpenedSession(new RemoteEndpoint(7, 443, TransportProtocol.Tcp), 1_000 + 300.0 * k, out var mean, out var cv);
            reported.Add((mean, cv));
        }

        Assert.Equal([(0, 0), (0, 0), (0, 0), (300, 0), (300, 0)], reported);
    }

    private static bool Open(HostHistory history, int endpoint, double seconds) =>
        history.OpenedSession(new RemoteEndpoint((UInt128)endpoint, 443, TransportProtocol.Tcp), seconds, out _, out _);
}
