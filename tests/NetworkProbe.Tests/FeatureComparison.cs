using DigitalTwin.NetworkProbe.Tests.Capture;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// Compares the probe's windows of a host with the features its packets determine (<see cref="HostTraffic"/>), and
/// reports every disagreement at once: device, window, feature, expected and reported value.
/// </summary>
public static class FeatureComparison
{
    public static void AssertWindowsMatch(ProbedCapture capture, System.Net.IPAddress host, IReadOnlyList<string> features, string context = "")
    {
        var traffic = capture.Of(host);
        var windows = capture.Windows.Of(DeviceIds.Of(host));
        var problems = new List<string>();
        var expectedStarts = traffic.WindowStarts;
        var reportedStarts = windows.Select(w => w.Start).ToList();
        if (!expectedStarts.SequenceEqual(reportedStarts))
        {
            problems.Add($"{DeviceIds.Of(host)}: windows with packets {Times(expectedStarts)}, the probe reported {Times(reportedStarts)}");
        }

        foreach (var window in windows.Where(w => expectedStarts.Contains(w.Start)))
        {
            var expected = traffic.ExpectedFeatures(window.Start);
            foreach (var feature in features)
            {
                if (!Close(expected[feature], window[feature]))
                {
                    problems.Add($"{window.DeviceId} {window.Start:HH:mm:ss} {feature}: expected {expected[feature]}, the probe reported {window[feature]}");
                }
            }
        }

        Assert.True(problems.Count == 0, $"{context}{capture.Path}:\n" + string.Join('\n', problems));
    }

    public static bool Close(double expected, double actual) =>
        Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Abs(expected));

    private static string Times(IEnumerable<DateTimeOffset> starts) => "[" + string.Join(", ", starts.Select(s => s.ToString("HH:mm:ss"))) + "]";
}
