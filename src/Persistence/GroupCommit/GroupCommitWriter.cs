using System.Threading.Channels;

namespace DigitalTwin.Persistence.GroupCommit;

/// <summary>
/// Group commit for an append-only table: callers queue their rows and wait; one loop takes everything queued
/// (up to the batch size), hands it to the table's batch write (one transaction, one WAL flush), then completes
/// every waiting caller at once. While a batch commits the next one gathers, so the batch grows with load
/// instead of by a timer. The queue is bounded: when it is full, callers wait, and so do their devices' PUBACKs.
/// Stopping refuses new rows and drains what is queued: every queued row belongs to a caller waiting for an
/// answer and gets one.
/// </summary>
/// <remarks>
/// The loop is started without a cancellation token on purpose. A hosted <c>BackgroundService</c> runs its
/// loop through <c>Task.Run</c> with its stopping token (.NET 10): when the host stops before the thread pool
/// got to it, the loop never runs and every queued caller waits forever.
/// </remarks>
internal sealed class GroupCommitWriter<T>
{
    private readonly Channel<PendingRow> _queue;
    private readonly int _batchSize;
    private readonly string _stoppingMessage;
    private readonly Func<IReadOnlyList<T>, Task> _writeBatch;
    private readonly Action<Exception, int> _batchFailed;
    private readonly Lock _lock = new();
    private Task? _loop;
    private long _batchesWritten;
    private long _rowsWritten;

    /// <param name="capacity">Rows that may wait for the writer before callers wait to queue.</param>
    /// <param name="batchSize">Most rows one batch write takes.</param>
    /// <param name="stoppingMessage">The error a caller gets when it appends after stopping began.</param>
    /// <param name="writeBatch">Writes one batch in one transaction; throws when nothing of it was committed.</param>
    /// <param name="batchFailed">
    /// Told of a failed batch (the exception, the rows) before its callers are failed; a batch the database refused is
    /// written again row by row, and each row that fails alone is told of too.
    /// </param>
    public GroupCommitWriter(int capacity, int batchSize, string stoppingMessage, Func<IReadOnlyList<T>, Task> writeBatch, Action<Exception, int> batchFailed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _batchSize = batchSize;
        _stoppingMessage = stoppingMessage;
        _writeBatch = writeBatch;
        _batchFailed = batchFailed;
        _queue = Channel.CreateBounded<PendingRow>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Rows waiting for the writer.</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Transactions written since start; rows written divided by it is the mean batch.</summary>
    public long BatchesWritten => Interlocked.Read(ref _batchesWritten);

    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    /// <summary>Queues the row and completes when its batch has committed; throws when its batch failed or the writer is stopping.</summary>
    public async Task AppendAsync(T row, CancellationToken cancellationToken)
    {
        var pending = new PendingRow(row);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException(_stoppingMessage);
        }

        await pending.Committed.Task;
    }

    /// <summary>Starts the writing loop; starting again does nothing.</summary>
    public void Start()
    {
        lock (_lock)
        {
            _loop ??= Task.Run(RunAsync, CancellationToken.None);
        }
    }

    /// <summary>
    /// Refuses new rows, then waits until every queued row is written (or failed). A writer stopped before it
    /// was started still answers what was queued. The token ends the wait, not the writing.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        Start();
        await _loop!.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingRow>(_batchSize);
        var rows = new List<T>(_batchSize);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < _batchSize && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                rows.Add(pending.Row);
            }

            try
            {
                await WriteAsync(rows, batch);
            }
            catch (Exception ex) when (batch.Count > 1 && IsRefused(ex))
            {
                // One row the database refuses (a NUL in a device's text) fails the whole transaction: each row is
                // written alone, so only its own caller hears of it, not every device that shared its batch.
                Report(ex, batch.Count);
                foreach (var pending in batch)
                {
                    await WriteAloneAsync(pending);
                }
            }
            catch (Exception ex)
            {
                Fail(batch, ex);
            }

            batch.Clear();
            rows.Clear();
        }
    }

    private async Task WriteAsync(IReadOnlyList<T> rows, List<PendingRow> batch)
    {
        await _writeBatch(rows);
        Interlocked.Increment(ref _batchesWritten);
        Interlocked.Add(ref _rowsWritten, batch.Count);
        foreach (var pending in batch)
        {
            pending.Committed.TrySetResult();
        }
    }

    private async Task WriteAloneAsync(PendingRow pending)
    {
        List<PendingRow> alone = [pending];
        try
        {
            await WriteAsync([pending.Row], alone);
        }
        catch (Exception ex)
        {
            Fail(alone, ex);
        }
    }

    private void Fail(List<PendingRow> batch, Exception failure)
    {
        foreach (var pending in batch)
        {
            pending.Committed.TrySetException(failure);
        }

        Report(failure, batch.Count);
    }

    /// <summary>
    /// Whether the database refused what was written (a permanent error its driver does not call transient), as
    /// opposed to being away: a batch that failed for being away would fail row by row too.
    /// </summary>
    private static bool IsRefused(Exception failure) => failure is System.Data.Common.DbException { IsTransient: false };

    private void Report(Exception failure, int rows)
    {
        try
        {
            _batchFailed(failure, rows);
        }
        catch (Exception)
        {
            // The callers have their answer already; a failing report must not end the loop every later
            // caller waits on.
        }
    }

    private sealed class PendingRow(T row)
    {
        public T Row { get; } = row;

        // Continuations run on the callers' own schedulers (a twin's activation), never inline on the loop.
        public TaskCompletionSource Committed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
