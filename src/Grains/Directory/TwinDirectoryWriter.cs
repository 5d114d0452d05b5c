using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Interfaces.Directory;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Grains.Directory;

/// <summary>
/// Gathers the directory entries the twins of this silo send and writes them to the <see cref="ITwinDirectory"/> in
/// batches, the newest version of each twin (<see cref="WriteBehindWriter{T}"/>).
/// </summary>
public sealed partial class TwinDirectoryWriter(ITwinDirectory directory, ILogger<TwinDirectoryWriter> logger) : WriteBehindWriter<TwinDirectoryEntry>
{
    protected override string KeyOf(TwinDirectoryEntry item) => item.Id;

    protected override bool IsNewer(TwinDirectoryEntry current, TwinDirectoryEntry candidate) => current.Version > candidate.Version;

    protected override Task WriteAsync(IReadOnlyList<TwinDirectoryEntry> batch, CancellationToken cancellationToken) =>
        directory.UpsertAsync(batch, cancellationToken);

    protected override void OnWriteFailed(Exception exception, int count) => LogFlushFailed(logger, exception, count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} twin directory entries failed; retrying")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception, int count);
}
