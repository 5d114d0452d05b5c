using System.Text.Json.Serialization;

namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>
/// A scenario file (JSON, snake_case): the fleet mix, the run's time span and window, the anomaly schedule and the
/// seed. The same file and seed give the same run. <see cref="ScenarioFile"/> loads and validates it.
/// </summary>
public sealed class Scenario
{
    [JsonPropertyName("scenario_id")]
    public string? ScenarioId { get; set; }

    [JsonPropertyName("description")]
    public string? Description { get; set; }

    [JsonPropertyName("seed")]
    public long Seed { get; set; }

    /// <summary>Start of the simulated run (UTC) in fast mode.</summary>
    [JsonPropertyName("start")]
    public DateTimeOffset Start { get; set; } = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    [JsonPropertyName("days")]
    public double Days { get; set; } = 7;

    [JsonPropertyName("window_seconds")]
    public double WindowSeconds { get; set; } = 10;

    [JsonPropertyName("devices")]
    public int Devices { get; set; } = 1_000;

    /// <summary>Share of the fleet per device type; shares add up to 1.</summary>
    [JsonPropertyName("fleet")]
    public Dictionary<string, double>? Fleet { get; set; }

    [JsonPropertyName("anomalies")]
    public List<AnomalyRule>? Anomalies { get; set; }
}
