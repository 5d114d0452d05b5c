using System.Globalization;
using System.Text;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// The probe's CSV output read independently of the platform's reader: columns by header name (RFC 4180 quoting),
/// rows grouped by device.
/// </summary>
public sealed class ObservedWindows
{
    private ObservedWindows(IReadOnlyList<string> header, IReadOnlyList<ObservedWindow> rows)
    {
        Header = header;
        Rows = rows;
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<ObservedWindow> Rows { get; }

    public IEnumerable<string> DeviceIds => Rows.Select(r => r.DeviceId).Distinct();

    public static ObservedWindows Read(string path)
    {
        var lines = ParseRecords(File.ReadAllText(path, Encoding.UTF8)).ToList();
        if (lines.Count == 0)
        {
            throw new InvalidDataException($"{path} has no header");
        }

        var header = lines[0];
        var rows = new List<ObservedWindow>();
        foreach (var fields in lines.Skip(1))
        {
            if (fields.Count != header.Count)
            {
                throw new InvalidDataException($"{path}: a row has {fields.Count} fields, the header {header.Count}");
            }

            var byName = header.Zip(fields).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            rows.Add(new ObservedWindow(
                byName["device_id"],
                byName["device_type"],
                DateTimeOffset.Parse(byName["window_start"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                DateTimeOffset.Parse(byName["window_end"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                double.Parse(byName["window_seconds"], CultureInfo.InvariantCulture),
                byName));
        }

        return new ObservedWindows(header, rows);
    }

    /// <summary>The device's windows in time order; fails naming the devices present when it has none.</summary>
    public IReadOnlyList<ObservedWindow> Of(string deviceId)
    {
        var windows = Rows.Where(r => r.DeviceId == deviceId).OrderBy(r => r.Start).ToList();
        Assert.True(windows.Count > 0, $"the probe reported no window for {deviceId}; devices: {string.Join(", ", DeviceIds)}");
        return windows;
    }

    /// <summary>A feature summed over the device's windows.</summary>
    public double Sum(string deviceId, string feature) => Of(deviceId).Sum(w => w[feature]);

    /// <summary>A per-window mean weighted back to its count: the sum over windows of <paramref name="feature"/> × <paramref name="weight"/>.</summary>
    public double WeightedSum(string deviceId, string feature, Func<ObservedWindow, double> weight) =>
        Of(deviceId).Sum(w => w[feature] * weight(w));

    private static IEnumerable<List<string>> ParseRecords(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return fields;
                    fields = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return fields;
        }
    }
}
