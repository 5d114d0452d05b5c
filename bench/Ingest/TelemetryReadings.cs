using System.Globalization;
using System.Text;

namespace DigitalTwin.Ingest;

/// <summary>
/// The flat telemetry a benchmark device sends, shaped like a small environment sensor's (several fields, mixed
/// magnitudes) so the twin does the work of a realistic message rather than of a single counter. The readings are
/// rendered to UTF-8 once, as a table of payload beginnings that end just before the sequence number:
/// <c>{"temperature":21.37,"humidity":47.2,"battery":97,"seq":</c>. A message is one of them, its seq and <c>}</c>.
/// </summary>
public static class TelemetryReadings
{
    /// <summary>Readings in the table; a power of two so a message picks one with a mask.</summary>
    public const int Count = 64;

    private static readonly byte[][] Prefixes = [.. Enumerable.Range(0, Count).Select(Render)];

    /// <summary>The longest beginning in the table, for sizing send buffers.</summary>
    public static int MaxPrefixLength { get; } = Prefixes.Max(p => p.Length);

    /// <summary>
    /// The beginning of device <paramref name="deviceIndex"/>'s message <paramref name="seq"/>: devices start at
    /// different points of the table and step through it, so readings drift per device and differ between devices.
    /// </summary>
    public static ReadOnlySpan<byte> PrefixFor(int deviceIndex, long seq) => Prefixes[(int)((deviceIndex * 37 + seq) & (Count - 1))];

    private static byte[] Render(int step)
    {
        var phase = step * 2 * Math.PI / Count;
        var temperature = 21.0 + 3.0 * Math.Sin(phase);
        var humidity = 45.0 + 10.0 * Math.Cos(phase);
        var battery = 100 - step % 40;
        return Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"temperature":{{temperature:0.00}},"humidity":{{humidity:0.0}},"battery":{{battery}},"seq":"""));
    }
}
