using System.Text.Json;
using DigitalTwin.Behaviour.Dataset;

namespace DigitalTwin.Bench.LiveDetection;

/// <summary>
/// The simulator's ground-truth file of a live run (docs/simulator.md, "Ground-truth file"), read with the dataset
/// reader: the episodes, and how much traffic was published (device-seconds of windows) for rates per device-day.
/// </summary>
internal sealed class RunTruth
{
    public required IReadOnlyList<Episode> Episodes { get; init; }

    public required double DeviceSeconds { get; init; }

    public required double WindowSeconds { get; init; }

    public static RunTruth Read(string path)
    {
        using var file = new StreamReader(path);
        var reader = new DatasetCsvReader(file);
        var episodes = new Dictionary<(string, string, DateTimeOffset), Episode>();
        double deviceSeconds = 0, windowSeconds = 0;
        foreach (var row in reader.ReadRows())
        {
            windowSeconds = row.Window.Seconds;
            deviceSeconds += windowSeconds;
            if (row.Truth is { Label: GroundTruthLabel.Anomalous, Onset: { } onset } truth)
            {
                episodes.TryAdd((row.DeviceId, truth.Class, onset),
                    new Episode(row.DeviceId, truth.Class, BandOf(truth.Parameters), onset, truth.Offset ?? onset));
            }
        }

        return new RunTruth { Episodes = [.. episodes.Values], DeviceSeconds = deviceSeconds, WindowSeconds = windowSeconds };
    }

    private static string BandOf(string parameters)
    {
        using var json = JsonDocument.Parse(parameters.Length == 0 ? "{}" : parameters);
        return json.RootElement.TryGetProperty("band", out var band) ? band.GetString() ?? "" : "";
    }
}
