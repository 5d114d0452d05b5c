namespace DigitalTwin.Grains.MessageLog;

/// <summary>
/// In-memory mode keeps no message log: a twin's state lives in its grain and in-memory storage only,
/// so there is nothing to make durable and nothing to replay.
/// </summary>
internal sealed class UnloggedDeviceMessages : IDeviceMessageLog
{
    public bool IsDurable => false;

    public Task<IReadOnlyList<LoggedDeviceMessage>> ReadAfterAsync(string deviceId, long afterSequence, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LoggedDeviceMessage>>([]);

    public Task ForgetAsync(string deviceId, long sequence, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<long> LastSequenceAsync(string deviceId, CancellationToken cancellationToken) => Task.FromResult(0L);

    public Task DeleteAsync(string deviceId, long upToSequence, CancellationToken cancellationToken) => Task.CompletedTask;
}
