namespace DigitalTwin.Behaviour.Dataset;

/// <summary>
/// Streams dataset rows to a file in one <see cref="DatasetColumnSet"/>. Rows are buffered and flushed in blocks, so
/// memory stays bounded whatever the dataset's size; identical rows in give identical bytes out.
/// Call <see cref="CompleteAsync"/> before disposing; disposing without completing leaves a truncated file.
/// </summary>
public interface IDatasetWriter : IAsyncDisposable
{
    DatasetColumnSet Columns { get; }

    long RowsWritten { get; }

    ValueTask WriteAsync(DatasetRow row, CancellationToken cancellationToken = default);

    /// <summary>Writes what is buffered and the file's trailer.</summary>
    ValueTask CompleteAsync(CancellationToken cancellationToken = default);
}
