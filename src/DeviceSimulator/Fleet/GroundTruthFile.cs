using System.Threading.Channels;
using DigitalTwin.Behaviour.Dataset;

namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>
/// The fleet's ground-truth file: one row per device and network window (label, anomaly class, phase, episode
/// parameters) in the dataset writer's ground-truth columns, as CSV. Devices hand rows over without waiting; one
/// writer loop owns the file. The truth never goes over MQTT: twins see only the features.
/// </summary>
public sealed class GroundTruthFile : IAsyncDisposable
{
    private readonly Channel<DatasetRow> _rows = Channel.CreateUnbounded<DatasetRow>(new() { SingleReader = true });
    private readonly IDatasetWriter _writer;
    private readonly Task _writing;

    private GroundTruthFile(IDatasetWriter writer, DatasetProvenance provenance)
    {
        _writer = writer;
        Provenance = provenance;
        _writing = WriteAsync();
    }

    public DatasetProvenance Provenance { get; }

    public long RowsWritten => _writer.RowsWritten;

    public static GroundTruthFile Create(string path, DatasetProvenance provenance)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
        return new GroundTruthFile(new DatasetCsvWriter(stream, DatasetColumnSet.GroundTruth), provenance);
    }

    public void Record(in DatasetRow row) => _rows.Writer.TryWrite(row with { Provenance = Provenance });

    /// <summary>Writes every row handed over so far and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _rows.Writer.TryComplete();
        await _writing;
        await _writer.CompleteAsync();
        await _writer.DisposeAsync();
    }

    private async Task WriteAsync()
    {
        while (await _rows.Reader.WaitToReadAsync())
        {
            while (_rows.Reader.TryRead(out var row))
            {
                await _writer.WriteAsync(row);
            }

            // Rows reach the disk at least once per batch, so a killed fleet leaves a usable file.
            await _writer.CompleteAsync();
        }
    }
}
