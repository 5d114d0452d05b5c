using System.Diagnostics;

namespace DigitalTwin.BenchHost;

/// <summary>
/// The measured interval, as Stopwatch timestamps. Events are attributed by the timestamp they carry,
/// not by when they are counted, so a PUBACK processed just after the window closed still counts if it
/// arrived inside it.
/// </summary>
public sealed class MeasurementWindow
{
    private long _start = long.MaxValue;
    private long _end = long.MaxValue;

    public TimeSpan Duration => Stopwatch.GetElapsedTime(Volatile.Read(ref _start), Volatile.Read(ref _end));

    public void Open() => Volatile.Write(ref _start, Stopwatch.GetTimestamp());

    public void Close() => Volatile.Write(ref _end, Stopwatch.GetTimestamp());

    public bool Contains(long timestamp) => timestamp >= Volatile.Read(ref _start) && timestamp < Volatile.Read(ref _end);
}
