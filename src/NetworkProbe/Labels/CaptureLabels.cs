using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Packets;
using DigitalTwin.NetworkProbe.Input;
using DigitalTwin.NetworkProbe.Output;

namespace DigitalTwin.NetworkProbe.Labels;

/// <summary>
/// The <c>--labels</c> file of a capture whose attacks are known: <c>host,start,end,class</c> per line (a header line
/// starting <c>host</c>, blank lines and <c>#</c> comments skipped). <c>host</c> is an IP address or a device id;
/// times are ISO 8601 or Unix seconds; <c>class</c> is a snake_case name. A window of that host overlapping the range
/// is labelled anomalous with the class; every other window is normal.
/// </summary>
internal sealed partial class CaptureLabels
{
    public const int MaxLabels = 100_000;

    private readonly Dictionary<string, List<CaptureLabel>> _byHost = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public static CaptureLabels Load(string path)
    {
        var labels = new CaptureLabels();
        foreach (var entry in ListFile.Read("--labels", path, "host,start,end,class", required: 4))
        {
            var fields = entry.Fields;
            var host = IPAddress.TryParse(fields[0], out var ip) ? HostAddress.From(ip).ToString() : fields[0];
            var start = Time(fields[1], entry);
            var end = Time(fields[2], entry);
            if (end <= start)
            {
                throw entry.Error($"the end {fields[2]} is not after the start {fields[1]}");
            }

            if (!ClassPattern().IsMatch(fields[3]) || fields[3] is GroundTruth.NormalClass or GroundTruth.UnknownClass)
            {
                throw entry.Error($"'{fields[3]}' is not an anomaly class (snake_case, 1-64 characters, not 'normal' or 'unknown')");
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

    private static DateTimeOffset Time(string text, ListFileLine entry)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds is >= 0 and < 253402300800)
        {
            return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw entry.Error($"'{text}' is neither an ISO 8601 time nor Unix seconds");
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,63}$")]
    private static partial Regex ClassPattern();
}
