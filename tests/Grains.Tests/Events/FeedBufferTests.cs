using DigitalTwin.Grains.Events;
using DigitalTwin.Grains.Interfaces.Events;

namespace DigitalTwin.Grains.Tests.Events;

/// <summary>A consumer's bounded buffer: never blocks the writer, drops the oldest, announces the loss once.</summary>
public sealed class FeedBufferTests
{
    internal static TwinEvent Event(int sequence, string twinId = "sensor-1", string twinType = "thermo", string type = TwinEventTypes.TwinUpdate) =>
        new(type, twinId, twinType, DateTimeOffset.UnixEpoch.AddSeconds(sequence), [(byte)'{', (byte)'}']);

    [Fact]
    public async Task EventsComeOutInTheOrderTheyWentIn()
    {
        var buffer = new FeedBuffer(10);
        buffer.Write(Event(1));
        buffer.Write(Event(2));

        Assert.Equal(Event(1).Timestamp, (await buffer.ReadAsync(CancellationToken.None)).Event!.Timestamp);
        Assert.Equal(Event(2).Timestamp, (await buffer.ReadAsync(CancellationToken.None)).Event!.Timestamp);
    }

    [Fact]
    public async Task AFullBufferDropsTheOldestAndAnnouncesTheGapBeforeTheNextEvent()
    {
        var drops = 0;
        var buffer = new FeedBuffer(3, () => drops++);
        for (var i = 1; i <= 5; i++)
        {
            Assert.True(buffer.Write(Event(i)));
        }

        var gap = await buffer.ReadAsync(CancellationToken.None);
        Assert.True(gap.IsGap);
        Assert.Equal(2, gap.Dropped);
        Assert.Equal(2, drops);

        // The survivors are the newest three, in order, and the gap is announced only once.
        for (var i = 3; i <= 5; i++)
        {
            var item = await buffer.ReadAsync(CancellationToken.None);
            Assert.False(item.IsGap);
            Assert.Equal(Event(i).Timestamp, item.Event!.Timestamp);
        }

        Assert.False(buffer.TryRead(out _));
    }

    [Fact]
    public async Task AfterAGapTheHeldEventComesNextEvenWhileDropsGoOn()
    {
        // A reader that falls behind under a flood: every read finds new drops. It must still get events, each
        // after the gap of what was lost before it, never gap after gap.
        var buffer = new FeedBuffer(2);
        var written = 0;
        for (; written < 4; written++)
        {
            buffer.Write(Event(written + 1));
        }

        var reads = new List<FeedItem>();
        for (var round = 0; round < 3; round++)
        {
            reads.Add(await buffer.ReadAsync(CancellationToken.None));
            buffer.Write(Event(++written));
            buffer.Write(Event(++written));
            reads.Add(await buffer.ReadAsync(CancellationToken.None));
        }

        Assert.Equal([true, false, true, false, true, false], reads.Select(r => r.IsGap));
        var events = reads.Where(r => !r.IsGap).Select(r => r.Event!.Timestamp).ToList();
        Assert.Equal(events.Order(), events);
    }

    [Fact]
    public void TryReadAnnouncesAGapLikeReadAsync()
    {
        var buffer = new FeedBuffer(1);
        buffer.Write(Event(1));
        buffer.Write(Event(2));

        Assert.True(buffer.TryRead(out var gap));
        Assert.Equal(1, gap.Dropped);
        Assert.True(buffer.TryRead(out var item));
        Assert.Equal(Event(2).Timestamp, item.Event!.Timestamp);
    }

    [Fact]
    public void AWriterIsNeverHeldUpByAReaderThatNeverReads()
    {
        var buffer = new FeedBuffer(10);
        for (var i = 0; i < 100_000; i++)
        {
            Assert.True(buffer.Write(Event(i)));
        }

        Assert.Equal(100_000 - 10, buffer.PendingGap);
    }

    [Fact]
    public async Task AWaitingReaderWakesForTheNextEvent()
    {
        var buffer = new FeedBuffer(10);
        var read = buffer.ReadAsync(CancellationToken.None).AsTask();
        Assert.False(read.IsCompleted);

        buffer.Write(Event(7));

        Assert.Equal(Event(7).Timestamp, (await read.WaitAsync(TimeSpan.FromSeconds(5))).Event!.Timestamp);
    }
}
