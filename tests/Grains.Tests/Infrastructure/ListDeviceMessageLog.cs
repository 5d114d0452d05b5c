using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.MessageLog;

namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>
/// A durable message log in a list, for tests: twins replay it and remove what they refused as they do PostgreSQL's,
/// and a test writes the entries, numbered as it likes, and reads what is left. Safe to use from many grains at once.
/// </summary>
public sealed class ListDeviceMessageLog : IDeviceMessageLog
{
    private readonly Lock _lock = new();
    private readonly List<(string DeviceId, LoggedDeviceMessage Entry)> _entries = [];

    public bool IsDurable => true;

    public void Append(long sequence, DeviceMessage message)
    {
        lock (_lock)
        {
            _entries.Add((message.DeviceId, new LoggedDeviceMessage(sequence, message)));
        }
    }

    /// <summary>The sequences the log holds for a device, in order.</summary>
    public IReadOnlyList<long> SequencesOf(string deviceId)
    {
        lock (_lock)
        {
            return [.. _entries.Where(e => e.DeviceId == deviceId).Select(e => e.Entry.Sequence).Order()];
        }
    }

    public Task<IReadOnlyList<LoggedDeviceMessage>> ReadAfterAsync(string deviceId, long afterSequence, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<LoggedDeviceMessage>>(
                [.. _entries.Where(e => e.DeviceId == deviceId && e.Entry.Sequence > afterSequence).Select(e => e.Entry).OrderBy(e => e.Sequence)]);
        }
    }

    public Task ForgetAsync(string deviceId, long sequence, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries.RemoveAll(e => e.DeviceId == deviceId && e.Entry.Sequence == sequence);
        }

        return Task.CompletedTask;
    }

    public Task<long> LastSequenceAsync(string deviceId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_entries.Where(e => e.DeviceId == deviceId).Select(e => e.Entry.Sequence).DefaultIfEmpty(0).Max());
        }
    }

    public Task DeleteAsync(string deviceId, long upToSequence, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries.RemoveAll(e => e.DeviceId == deviceId && e.Entry.Sequence <= upToSequence);
        }

        return Task.CompletedTask;
    }
}
