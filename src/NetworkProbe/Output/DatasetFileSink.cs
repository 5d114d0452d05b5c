using System.Reflection;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.NetworkProbe.Labels;

namespace DigitalTwin.NetworkProbe.Output;

/// <summary>
/// Writes the windows as a dataset file, CSV or Parquet by the file's extension: the observed column set, or with
/// <c>--labels</c> the labelled set (provenance: the capture's name as scenario, seed 0, split <c>test</c>).
/// </summary>
internal sealed class DatasetFileSink : IWindowSink
{
    private readonly IDatasetWriter _writer;
    private readonly CaptureLabels? _labels;
    private readonly DatasetProvenance _provenance;
    private readonly string _path;

    private DatasetFileSink(string path, IDatasetWriter writer, CaptureLabels? labels, DatasetProvenance provenance)
    {
        _path = path;
        _writer = writer;
        _labels = labels;
        _provenance = provenance;
    }

    /// <summary>The split every labelled row of a capture is in: a real capture serves to evaluate, not to train on by default.</summary>
    public const string Split = "test";

    public static string GeneratorVersion { get; } =
        "network-probe/" + (typeof(DatasetFileSink).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    public static DatasetFileSink Create(string path, string captureName, CaptureLabels? labels)
    {
        var columns = labels is null ? DatasetColumnSet.Observed : DatasetColumnSet.Labelled;
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".csv" or ".parquet"))
        {
            throw new UsageException($"--out '{path}' must end in .csv or .parquet");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out: cannot write '{path}': {ex.Message}");
        }

        IDatasetWriter writer = extension == ".csv" ? new DatasetCsvWriter(stream, columns) : new DatasetParquetWriter(stream, columns);
        return new DatasetFileSink(path, writer, labels, new DatasetProvenance(captureName, 0, GeneratorVersion));
    }

    public string Summary => $"wrote {_writer.RowsWritten} windows to {_path}";

    // A file is always completed, also when the probe is stopped: the cancellation of delivery is for the broker's
    // sake, and a file sink never waits on anything but the disk.
    public ValueTask WriteAsync(ProbeWindow window, CancellationToken cancellationToken)
    {
        var row = _labels is null
            ? new DatasetRow(window.Device.Id, window.Device.Type, window.Window)
            : new DatasetRow(window.Device.Id, window.Device.Type, window.Window, _provenance, Split, _labels.TruthOf(window));
        return _writer.WriteAsync(row, CancellationToken.None);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken) => await _writer.CompleteAsync(CancellationToken.None);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
