using System.Globalization;
using System.Text;

namespace DigitalTwin.Behaviour.Dataset;

/// <summary>
/// Writes dataset rows as RFC 4180 CSV: a header line, CRLF line ends, fields quoted only when they hold a comma, a
/// quote or a line break. Numbers use the invariant culture and the shortest text that reads back to the same double;
/// times are UTC ISO 8601; an unmeasured (NaN) feature or a missing value is an empty field.
/// </summary>
public sealed class DatasetCsvWriter : IDatasetWriter
{
    private const int BufferBytes = 1 << 16;

    // Room for the longest single field formatted straight into the buffer (a double or a time needs < 40 bytes).
    private const int FieldReserve = 64;

    private readonly Stream _output;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _used;

    public DatasetCsvWriter(Stream output, DatasetColumnSet columns, bool leaveOpen = false)
    {
        _output = output;
        _leaveOpen = leaveOpen;
        Columns = columns;
        var header = DatasetColumns.For(columns);
        for (var i = 0; i < header.Count; i++)
        {
            if (i > 0)
            {
                Byte((byte)',');
            }

            Text(header[i]);
        }

        Byte((byte)'\r');
        Byte((byte)'\n');
    }

    public DatasetColumnSet Columns { get; }

    public long RowsWritten { get; private set; }

    public ValueTask WriteAsync(DatasetRow row, CancellationToken cancellationToken = default)
    {
        Append(row);
        RowsWritten++;
        return _used > BufferBytes / 2 ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken);
        await _output.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
        {
            await _output.DisposeAsync();
        }
    }

    private void Append(in DatasetRow row)
    {
        var window = row.Window;
        Text(row.DeviceId);
        Comma();
        Text(row.DeviceType);
        Comma();
        Time(window.Start);
        Comma();
        Time(window.End);
        Comma();
        Number(window.Seconds);
        Comma();
        Integer(window.SchemaVersion);
        if (DatasetColumns.HasProvenance(Columns))
        {
            var provenance = row.Provenance;
            Comma();
            Text(provenance?.GeneratorVersion);
            Comma();
            Text(provenance?.ScenarioId);
            Comma();
            if (provenance is not null)
            {
                Integer(provenance.Seed);
            }

            Comma();
            Text(row.Split);
            Comma();
            Text(row.TimeSplit);
        }

        if (DatasetColumns.HasFeatures(Columns))
        {
            foreach (var value in window.Values)
            {
                Comma();
                if (!double.IsNaN(value))
                {
                    Number(value);
                }
            }
        }

        if (DatasetColumns.HasGroundTruth(Columns))
        {
            var truth = row.Truth ?? GroundTruth.Unknown;
            Comma();
            Text(DatasetText.Of(truth.Label));
            Comma();
            Text(truth.Class);
            Comma();
            Text(DatasetText.Of(truth.Phase));
            Comma();
            Text(DatasetText.Of(truth.TrafficPresent));
            Comma();
            Text(truth.Parameters);
            Comma();
            if (truth.Onset is { } onset)
            {
                Time(onset);
            }

            Comma();
            if (truth.Offset is { } offset)
            {
                Time(offset);
            }
        }

        Byte((byte)'\r');
        Byte((byte)'\n');
    }

    private void Comma() => Byte((byte)',');

    private void Byte(byte value)
    {
        Reserve(1);
        _buffer[_used++] = value;
    }

    private void Number(double value)
    {
        // Most features are counts: whole numbers format far faster as integers and read back the same.
        if (value == Math.Floor(value) && Math.Abs(value) < 1e15 && !(value == 0 && double.IsNegative(value)))
        {
            Integer((long)value);
            return;
        }

        Reserve(FieldReserve);
        if (!value.TryFormat(_buffer.AsSpan(_used), out var written, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("a number did not fit its reserved space");
        }

        _used += written;
    }

    private void Integer(long value)
    {
        Reserve(FieldReserve);
        value.TryFormat(_buffer.AsSpan(_used), out var written, default, CultureInfo.InvariantCulture);
        _used += written;
    }

    private void Time(DateTimeOffset time)
    {
        Reserve(FieldReserve);
        var utc = time.UtcDateTime;
        if (utc.Ticks % TimeSpan.TicksPerSecond == 0)
        {
            // Windows start on whole seconds: write yyyy-MM-ddTHH:mm:ssZ digit by digit, the same text as
            // DatasetText.TimeFormat gives, without parsing a format string per field.
            var span = _buffer.AsSpan(_used, 20);
            Digits(span[..4], utc.Year);
            span[4] = (byte)'-';
            Digits(span.Slice(5, 2), utc.Month);
            span[7] = (byte)'-';
            Digits(span.Slice(8, 2), utc.Day);
            span[10] = (byte)'T';
            Digits(span.Slice(11, 2), utc.Hour);
            span[13] = (byte)':';
            Digits(span.Slice(14, 2), utc.Minute);
            span[16] = (byte)':';
            Digits(span.Slice(17, 2), utc.Second);
            span[19] = (byte)'Z';
            _used += 20;
            return;
        }

        if (!utc.TryFormat(_buffer.AsSpan(_used), out var written, DatasetText.TimeFormat, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("a time did not fit its reserved space");
        }

        _used += written;
    }

    private static void Digits(Span<byte> target, int value)
    {
        for (var i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    private void Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        var quote = value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        var escaped = quote ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
        var bytes = Encoding.UTF8.GetMaxByteCount(escaped.Length);
        if (bytes > BufferBytes)
        {
            FlushSync();
            var encoded = Encoding.UTF8.GetBytes(escaped);
            _output.Write(encoded);
            return;
        }

        Reserve(bytes);
        _used += Encoding.UTF8.GetBytes(escaped, _buffer.AsSpan(_used));
    }

    private void Reserve(int bytes)
    {
        if (_used + bytes > BufferBytes)
        {
            FlushSync();
        }
    }

    // Only reached when one row overflows half the buffer (a very long text field); rows are otherwise flushed
    // asynchronously between rows.
    private void FlushSync()
    {
        _output.Write(_buffer, 0, _used);
        _used = 0;
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_used > 0)
        {
            await _output.WriteAsync(_buffer.AsMemory(0, _used), cancellationToken);
            _used = 0;
        }
    }
}
