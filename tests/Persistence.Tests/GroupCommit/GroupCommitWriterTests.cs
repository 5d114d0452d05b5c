using DigitalTwin.Persistence.GroupCommit;

namespace DigitalTwin.Persistence.Tests.GroupCommit;

public sealed class GroupCommitWriterTests
{
    private readonly List<IReadOnlyList<int>> _batches = [];
    private readonly List<(Exception Error, int Count)> _failures = [];

    [Fact]
    public async Task AWriterStoppedBeforeItsLoopRanStillWritesEveryQueuedRow()
    {
        // A silo that stops right after starting: the loop has not run when the stop comes. Every caller
        // that queued a row gets its answer instead of waiting forever.
        var writer = Writer(capacity: 100, batchSize: 10);
        var appends = Enumerable.Range(0, 50).Select(i => writer.AppendAsync(i, CancellationToken.None)).ToArray();

        await writer.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await Task.WhenAll(appends).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Enumerable.Range(0, 50), _batches.SelectMany(b => b));
        Assert.All(_batches, b => Assert.InRange(b.Count, 1, 10));
        Assert.Equal(50, writer.RowsWritten);
        Assert.Equal(_batches.Count, writer.BatchesWritten);
    }

    [Fact]
    public async Task AfterStoppingAppendsAreRefusedWithTheOwnersMessage()
    {
        var writer = Writer(capacity: 10, batchSize: 10);
        writer.Start();
        await writer.StopAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.AppendAsync(1, CancellationToken.None));

        Assert.Equal("the test table is stopping", refused.Message);
        Assert.Empty(_batches);
    }

    [Fact]
    public async Task CallersWaitingForRoomInAFullQueueAreRefusedWhenStoppingBegins()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Writer(capacity: 1, batchSize: 1, async rows =>
        {
            await release.Task;
            await Record(rows);
        });
        writer.Start();
        var writing = writer.AppendAsync(1, CancellationToken.None);
        await WaitUntilAsync(() => writer.Queued == 0);
        var queued = writer.AppendAsync(2, CancellationToken.None);
        var waitingForRoom = writer.AppendAsync(3, CancellationToken.None);

        var stopping = writer.StopAsync(CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => waitingForRoom);
        release.SetResult();
        await Task.WhenAll(writing, queued, stopping).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1, 2], _batches.SelectMany(b => b));
    }

    [Fact]
    public async Task AFailedBatchFailsItsCallersAndTheNextBatchIsWritten()
    {
        var writer = Writer(capacity: 10, batchSize: 10, FailingFirstBatch());
        writer.Start();

        var failed = await Assert.ThrowsAsync<TimeoutException>(() => writer.AppendAsync(1, CancellationToken.None));
        await writer.AppendAsync(2, CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal("database away", failed.Message);
        Assert.Equal(1, Assert.Single(_failures).Count);
        Assert.Equal([2], _batches.SelectMany(b => b));
        Assert.Equal(1, writer.RowsWritten);
    }

    [Fact]
    public async Task ARowTheDatabaseRefusesFailsOnlyItsOwnCallerNotTheOthersOfItsBatch()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Writer(capacity: 10, batchSize: 10, async rows =>
        {
            await release.Task;
            if (rows.Contains(13))
            {
                throw new RefusedRow();
            }

            await Record(rows);
        });
        writer.Start();

        // The first row holds the writer while the next four gather into one batch with the refused row in it.
        var first = writer.AppendAsync(1, CancellationToken.None);
        await WaitUntilAsync(() => writer.Queued == 0);
        var batch = new[] { 11, 12, 13, 14 }.Select(i => (Row: i, Task: writer.AppendAsync(i, CancellationToken.None))).ToArray();
        release.SetResult();
        await first;

        await Assert.ThrowsAsync<RefusedRow>(() => batch[2].Task);
        await Task.WhenAll(batch.Where(b => b.Row != 13).Select(b => b.Task));
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal([1, 11, 12, 14], _batches.SelectMany(b => b));
        Assert.Equal(4, writer.RowsWritten);
    }

    [Fact]
    public async Task ABatchFailedBecauseTheDatabaseIsAwayIsNotWrittenAgainRowByRow()
    {
        var writes = 0;
        var writer = Writer(capacity: 10, batchSize: 10, rows =>
        {
            Interlocked.Increment(ref writes);
            throw new TimeoutException("database away");
        });

        var appends = new[] { 1, 2, 3 }.Select(i => writer.AppendAsync(i, CancellationToken.None)).ToArray();
        writer.Start();

        foreach (var append in appends)
        {
            await Assert.ThrowsAsync<TimeoutException>(() => append);
        }

        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(1, writes);
    }

    [Fact]
    public async Task AReportOfAFailureThatThrowsDoesNotEndTheLoop()
    {
        var writer = Writer(capacity: 10, batchSize: 10, FailingFirstBatch(), (_, _) => throw new InvalidOperationException("the logger broke"));
        writer.Start();

        await Assert.ThrowsAsync<TimeoutException>(() => writer.AppendAsync(1, CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(10));
        await writer.AppendAsync(2, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await writer.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([2], _batches.SelectMany(b => b));
    }

    [Fact]
    public async Task RowsQueuedWhileABatchCommitsGoTogetherInTheNext()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Writer(capacity: 100, batchSize: 100, async rows =>
        {
            if (_batches.Count == 0)
            {
                await release.Task;
            }

            await Record(rows);
        });
        writer.Start();
        var first = writer.AppendAsync(0, CancellationToken.None);
        await WaitUntilAsync(() => writer.Queued == 0);
        var rest = Enumerable.Range(1, 20).Select(i => writer.AppendAsync(i, CancellationToken.None)).ToArray();

        release.SetResult();
        await Task.WhenAll([first, .. rest]).WaitAsync(TimeSpan.FromSeconds(10));
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal([[0], Enumerable.Range(1, 20).ToArray()], _batches);
    }

    [Fact]
    public async Task NoCallerIsReleasedBeforeItsBatchWriteHasFinished()
    {
        // A PUBACK means "durably queued": a caller answered while its batch is still being written would let a
        // device forget a message the database may never get. The write blocks until the test lets it go, and
        // looks at its callers both when it starts and when it is about to return.
        var appends = new List<Task>();
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releasedWhileWriting = new List<bool>();
        var writer = Writer(capacity: 10, batchSize: 10, async rows =>
        {
            releasedWhileWriting.Add(appends.Any(a => a.IsCompleted));
            writing.SetResult();
            await finish.Task;
            releasedWhileWriting.Add(appends.Any(a => a.IsCompleted));
            await Record(rows);
        });
        appends.AddRange(Enumerable.Range(0, 5).Select(i => writer.AppendAsync(i, CancellationToken.None)));
        writer.Start();

        await writing.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(appends, a => a.IsCompleted);
        finish.SetResult();
        await Task.WhenAll(appends).WaitAsync(TimeSpan.FromSeconds(10));
        await writer.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([false, false], releasedWhileWriting);
        Assert.Equal([Enumerable.Range(0, 5).ToArray()], _batches);
    }

    [Fact]
    public async Task ABatchWriteThatFailsAfterItStartedFailsItsCallersCountsNothingAndTheLoopGoesOn()
    {
        // A database that dies in the middle of a commit: the write was under way (rows sent, the commit not
        // answered) when it failed. None of its callers may be told it was written, and the next batch is.
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fail = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writer = Writer(capacity: 10, batchSize: 10, async rows =>
        {
            if (!fail.Task.IsCompleted)
            {
                writing.SetResult();
                await fail.Task;
                throw new TimeoutException("database went away during the commit");
            }

            await Record(rows);
        });
        var doomed = Enumerable.Range(0, 3).Select(i => writer.AppendAsync(i, CancellationToken.None)).ToArray();
        writer.Start();

        await writing.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(doomed, a => a.IsCompleted);
        fail.SetResult();
        foreach (var append in doomed)
        {
            var failed = await Assert.ThrowsAsync<TimeoutException>(() => append).WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("database went away during the commit", failed.Message);
        }

        await writer.AppendAsync(3, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await writer.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, Assert.Single(_failures).Count);
        Assert.Equal([[3]], _batches);
        Assert.Equal(1, writer.RowsWritten);
        Assert.Equal(1, writer.BatchesWritten);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void ACapacityOrBatchBelowOneIsRefused(int capacity, int batchSize) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Writer(capacity, batchSize));

    private GroupCommitWriter<int> Writer(
        int capacity, int batchSize, Func<IReadOnlyList<int>, Task>? writeBatch = null, Action<Exception, int>? batchFailed = null) =>
        new(capacity, batchSize, "the test table is stopping", writeBatch ?? Record, batchFailed ?? ((error, count) => _failures.Add((error, count))));

    private Task Record(IReadOnlyList<int> rows)
    {
        _batches.Add([.. rows]);
        return Task.CompletedTask;
    }

    /// <summary>A batch write that fails the first time, as a database going away does, and records after that.</summary>
    private Func<IReadOnlyList<int>, Task> FailingFirstBatch()
    {
        var failing = true;
        return rows =>
        {
            if (failing)
            {
                failing = false;
                throw new TimeoutException("database away");
            }

            return Record(rows);
        };
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(5);
        }
    }

    /// <summary>What a database driver throws for a row it refuses: permanent, not transient.</summary>
    private sealed class RefusedRow() : System.Data.Common.DbException("invalid byte sequence for encoding \"UTF8\": 0x00");
}
