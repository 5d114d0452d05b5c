using DigitalTwin.MqttBridge.Broker;

namespace DigitalTwin.MqttBridge.Tests.Broker;

public sealed class CoalescingStreamTests
{
    [Fact]
    public async Task PacketsQueuedWhileAWriteIsUnderwayLeaveTogetherInOrder()
    {
        var inner = new RecordingStream { FirstWriteGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        await using var stream = new CoalescingStream(inner);

        await stream.WriteAsync(Packet(1));
        await inner.FirstWriteStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (byte packet = 2; packet <= 8; packet++)
        {
            await stream.WriteAsync(Packet(packet));
        }

        inner.FirstWriteGate.SetResult();
        await stream.FlushAsync();

        Assert.Equal(Enumerable.Range(1, 8).SelectMany(p => Packet((byte)p)), inner.Written);
        Assert.Equal(2, inner.Writes);
    }

    [Fact]
    public async Task ALonePacketIsWrittenWithoutAnyoneFlushing()
    {
        var inner = new RecordingStream();
        await using var stream = new CoalescingStream(inner);

        await stream.WriteAsync(new byte[] { 0x40, 0x02, 0x00, 0x01 });

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (inner.Written.Count < 4)
        {
            Assert.True(DateTime.UtcNow < deadline, "the packet was never written");
            await Task.Delay(1);
        }

        Assert.Equal([0x40, 0x02, 0x00, 0x01], inner.Written);
    }

    [Fact]
    public async Task WhatIsQueuedIsWrittenBeforeTheConnectionCloses()
    {
        var inner = new RecordingStream();
        var stream = new CoalescingStream(inner);

        await stream.WriteAsync(new byte[] { 0xE0, 0x00 });
        stream.Dispose();

        Assert.Equal([0xE0, 0x00], inner.Written);
        Assert.True(inner.Disposed);
    }

    [Fact]
    public async Task AFailedWriteFailsTheNextOne()
    {
        var inner = new RecordingStream { Fail = true };
        await using var stream = new CoalescingStream(inner);

        await stream.WriteAsync(new byte[] { 0x40, 0x02, 0x00, 0x01 });
        await Assert.ThrowsAsync<IOException>(() => stream.FlushAsync());

        await Assert.ThrowsAsync<IOException>(async () => await stream.WriteAsync(new byte[] { 0x40, 0x02, 0x00, 0x02 }));
    }

    [Fact]
    public async Task ReadsGoStraightThrough()
    {
        var inner = new RecordingStream();
        inner.ToRead.AddRange([0x20, 0x02, 0x00, 0x00]);
        await using var stream = new CoalescingStream(inner);
        var buffer = new byte[4];

        Assert.Equal(4, await stream.ReadAsync(buffer));
        Assert.Equal([0x20, 0x02, 0x00, 0x00], buffer);
    }

    private static byte[] Packet(byte id) => [0x40, 0x02, 0x00, id];

    private sealed class RecordingStream : Stream
    {
        public TaskCompletionSource? FirstWriteGate { get; init; }

        public TaskCompletionSource FirstWriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<byte> Written { get; } = [];

        public List<byte> ToRead { get; } = [];

        public int Writes { get; private set; }

        public bool Fail { get; init; }

        public bool Disposed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Fail)
            {
                throw new IOException("connection reset");
            }

            var first = Writes == 0;
            if (first && FirstWriteGate is { } gate)
            {
                FirstWriteStarted.SetResult();
                await gate.Task;
            }

            lock (Written)
            {
                Written.AddRange(buffer.ToArray());
                Writes++;
            }
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, ToRead.Count);
            ToRead.CopyTo(0, buffer, offset, n);
            ToRead.RemoveRange(0, n);
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = Math.Min(buffer.Length, ToRead.Count);
            ToRead.Take(n).ToArray().CopyTo(buffer);
            ToRead.RemoveRange(0, n);
            return ValueTask.FromResult(n);
        }

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
