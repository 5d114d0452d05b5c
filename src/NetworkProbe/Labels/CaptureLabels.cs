using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Packets;
using DigitalTwin.NetworkProbe.Output;

namespace DigitalTwin.NetworkProbe.Labels;

/// <summary>
/// The <c>--labels</c> file of a capture whose attacks are known: <c>host,start,end,class</c> per line (a header line
/// starting <c>host</c>, blank lines and <c>#</c> comments skipped). <c>host</c> is an IP address or a device id;
/// times are ISO 8601 or Unix seconds; <c>class</c> is a snake_case name. A window of that host overlapping the range
/// is labelled anomalous with the class; every other window is normal.
/// </summary>
public sealed partial class CaptureLabels
{
    public const int MaxLabels = 100_000;

    private readonly Dictionary<string, List<CaptureLabel>> _byHost = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public static CaptureLabels Load(string path)
    {
        var labels = new CaptureLabels();
        var number = 0;
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--labels: cannot read '{path}': {ex.Message}");
        }

        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || (number == 1 && line.StartsWith("host", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length != 4)
            {
                throw new UsageException($"--labels {path}:{number}: expected 'host,start,end,class'");
            }

            var host = IPAddress.TryParse(fields[0], out var ip) ? HostAddress.From(ip).ToString() : fields[0];
            var start = Time(fields[1], path, number);
            var end = Time(fields[2], path, number);
            if (end <= start)
            {
                throw new UsageException($"--labels {path}:{number}: the end {fields[2]} is not after the start {fields[1]}");
            }

            if (!ClassPattern().IsMatch(fields[3]) || fields[3] is GroundTruth.NormalClass or GroundTruth.UnknownClass)
            {
                throw new UsageException($"--labels {path}:{number}: '{fields[3]}' is not an anomaly class (snake_case, 1-64 characters, not 'normal' or 'unknown')");
            }

            if (++labels.Count > MaxLabels)
            {
                throw new UsageException($"--labels {path}: more than {MaxLabels} labels");
            }

            if (!labels._byHost.TryGetValue(host, out var list))
            {
                labels._byHost[host] = list = [];
            }

            list.Add(new CaptureLabel(host, start, end, fields[3]));
        }

        return labels;
    }

    /// <summary>The ground truth of a window: the first label of its host (address or id) that overlaps it, else normal.</summary>
    public GroundTruth TruthOf(ProbeWindow window)
    {
        var label = Find(window.Address.ToString(), window) ?? Find(window.Device.Id, window);
        if (label is null)
        {
            return GroundTruth.Normal;
        }

        var phase = window.Window.Start <= label.Start ? GroundTruthPhase.Onset
            : window.Window.End >= label.End ? GroundTruthPhase.Offset
            : GroundTruthPhase.Steady;
        return new GroundTruth(GroundTruthLabel.Anomalous, label.Class, phase, "{}", label.Start, label.End);
    }

    private CaptureLabel? Find(string host, ProbeWindow window) =>
        _byHost.TryGetValue(host, out var list)
            ? list.FirstOrDefault(l => l.Start < window.Window.End && l.End > window.Window.Start)
            : null;

    private static DateTimeOffset Time(string text, string path, int number)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds is >= 0 and < 253402300800)
        {
            return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new UsageException($"--labels {path}:{number}: '{text}' is neither an ISO 8601 time nor Unix seconds");
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex ClassPattern();
}
