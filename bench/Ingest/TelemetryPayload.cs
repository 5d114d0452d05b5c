using System.Globalization;
using System.Text;

namespace DigitalTwin.Ingest;

/// <summary>
/// The flat telemetry a benchmark device sends: a sequence number that ties the message to its PUBACK and
/// its twin update, plus readings shaped like a small environment sensor's, so the twin does the work of
/// a realistic message (several fields, mixed magnitudes) rather than of a single counter.
/// </summary>
public static class TelemetryPayload
{
    public static byte[] For(int deviceIndex, long seq)
    {
        // Slow drifts per device; deterministic so two runs send the same bytes.
        var phase = deviceIndex * 0.37 + seq * 0.05;
        var temperature = 21.0 + 3.0 * Math.Sin(phase);
        var humidity = 45.0 + 10.0 * Math.Cos(phase * 0.7);
        var battery = 100 - (int)(seq / 500 % 100);
        return Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $$"""{"temperature":{{temperature:0.00}},"humidity":{{humidity:0.0}},"battery":{{battery}},"seq":{{seq}}}"""));
    }
}
