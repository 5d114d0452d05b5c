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

        // Used again, oldest first: the last two added are now the least recently used.
        for (var i = 0; i < Capacity - 2; i++)
        {
            Assert.False(Open(history, i, seconds: 100 + i));
        }

        Assert.True(Open(history, Capacity, seconds: 200));

        Assert.Equal(Capacity - Capacity / 8 + 1, history.EndpointCount);
        Assert.False(Open(history, 0, seconds: 201));
        Assert.False(Open(history, Capacity - 3, seconds: 202));
        Assert.True(Open(history, Capacity - 2, seconds: 203)); // dropped: new again
        Assert.True(Open(history, Capacity - 1, seconds: 204));
    }

    [Fact]
    public void AFullHistoryDropsTheLeastRecentlyUsedEighthOfItsNames()
    {
        var history = new HostHistory(Capacity);
        for (var i = 0; i < Capacity; i++)
        {
            Assert.True(history.Queried((ulong)i));
        }

        for (var i = 0; i < Capacity - 2; i++)
        {
            Assert.False(history.Queried((ulong)i));
        }

        Assert.True(history.Queried(Capacity));

        Assert.Equal(Capacity - Capacity / 8 + 1, history.NameCount);
        Assert.False(history.Queried(0));
        Assert.False(history.Queried(Capacity - 3));
        Assert.True(history.Queried(Capacity - 2));
        Assert.True(history.Queried(Capacity - 1));
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
