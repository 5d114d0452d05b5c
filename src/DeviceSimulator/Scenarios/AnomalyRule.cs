using System.Text.Json.Serialization;

namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>
/// One line of a scenario's schedule: inject <see cref="Class"/> into a share of the eligible devices, a number of
/// episodes each, at random non-overlapping times of the run, with parameters that override the class defaults.
/// </summary>
public sealed class AnomalyRule
{
    [JsonPropertyName("class")]
    public string? Class { get; set; }

    /// <summary>Share of the eligible devices that get this anomaly (0–1).</summary>
    [JsonPropertyName("device_share")]
    public double DeviceShare { get; set; }

    /// <summary>Device types eligible; empty or absent means every type.</summary>
    [JsonPropertyName("device_types")]
    public List<string>? DeviceTypes { get; set; }

    [JsonPropertyName("episodes_per_device")]
    public int EpisodesPerDevice { get; set; } = 1;

    [JsonPropertyName("parameters")]
    public AnomalyRuleParameters? Parameters { get; set; }
}
