namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// Gathers the writes MQTTnet makes one packet at a time (a PUBACK per message, from the session's send loop) into
/// one write of the inner stream: over TLS one record and one send instead of one per packet. A write returns once
/// its bytes are queued; a flush follows on the thread pool, and waits while the writer keeps adding (each added
/// packet lets it wait one more turn, at most <see cref="MaxTurns"/>), so a burst leaves as one write and a lone
/// packet after one turn. Past <see cref="MaxPendingBytes"/> a write waits for the flush (the client is slow).
/// Reads go straight through.
/// </summary>
internal sealed class CoalescingStream(Stream inner) : Stream
{
    private const int MaxTurns = 8;
    private const int MaxPendingBytes = 64 * 1024;
    private static readonly TimeSpan DisposeFlushTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The first size of each buffer. Most of a device's writes are PUBACKs of a few bytes; a buffer doubles for more
    /// and keeps that size. At 4 KiB each the two were 8 KiB of every connection's live heap.
    /// </summary>
    private const int InitialBufferBytes = 256;

    private readonly object _gate = new();

    private byte[] _pending = new byte[InitialBufferBytes];
    private int _pendingLength;

    // The buffer the flush writes from while writers fill _pending: the two swap, so a flush allocates nothing.
    private byte[] _sending = new byte[InitialBufferBytes];
    private long _writes;
    private Task _flush = Task.CompletedTask;
    private bool _flushScheduled;
    private Exception? _failure;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Task? wait = null;
        lock (_gate)
        {
            if (_failure is { } failure)
            {
                throw new IOException("writing to the connection failed", failure);
            }

            if (_pendingLength + buffer.Length > _pending.Length)
            {
                Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + buffer.Length));
            }

            buffer.Span.CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += buffer.Length;
            _writes++;
            if (!_flushScheduled)
            {
                _flushScheduled = true;
                _flush = FlushSoonAsync();
            }

            if (_pendingLength > MaxPendingBytes)
            {
                wait = _flush;
            }
        }

        if (wait is not null)
        {
            await wait.WaitAsync(cancellationToken);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        Task flush;
        lock (_gate)
        {
            flush = _flush;
        }

        await flush.WaitAsync(cancellationToken);
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // What was queued (a DISCONNECT, the last PUBACKs) goes out before the connection closes, unless the
            // client stopped reading: then the close does not wait for it longer than DisposeFlushTimeout.
            Task flush;
            lock (_gate)
            {
                flush = _flush;
            }

            try
            {
                flush.Wait(DisposeFlushTimeout);
            }
            catch (AggregateException ex) when (ex.InnerException is IOException or ObjectDisposedException)
            {
                // The connection is gone already.
            }

            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task FlushSoonAsync()
    {
        await Task.Yield();
        long seen;
        lock (_gate)
        {
            seen = _writes;
        }

        for (var turn = 1; turn < MaxTurns; turn++)
        {
            await Task.Yield();
            lock (_gate)
            {
                if (_writes == seen || _pendingLength > MaxPendingBytes / 2)
                {
                    break;
                }

                seen = _writes;
            }
        }

        while (true)
        {
            byte[] chunk;
            int length;
            lock (_gate)
            {
                if (_pendingLength == 0)
                {
                    _flushScheduled = false;
                    return;
                }

                (chunk, _pending, _sending) = (_pending, _sending, _pending);
                length = _pendingLength;
                _pendingLength = 0;
            }

            try
            {
                await inner.WriteAsync(chunk.AsMemory(0, length));
            }
            catch (Exception ex)
            {
                lock (_gate)
                {
                    _failure = ex;
                    _flushScheduled = false;
                }

                throw;
            }
        }
    }
}
