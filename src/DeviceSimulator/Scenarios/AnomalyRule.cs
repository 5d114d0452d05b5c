using System.Text.Json.Serialization;

namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>
/// One line of a scenario's schedule: inject <see cref="Class"/> into a share of the eligible devices, a number of
/// episodes each, at random non-overlapping times of the run, each episode with parameters drawn from the rule's
/// ranges and, where the rule gives none, from its band's.
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

    /// <summary><c>standard</c> (when absent), <c>low_and_slow</c>, or <c>mixed</c>: either, drawn per episode.</summary>
    [JsonPropertyName("band")]
    public string? Band { get; set; }

    [JsonPropertyName("parameters")]
    public AnomalyRuleParameters? Parameters { get; set; }
}
