using System.Text.Json.Serialization;

namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>Overrides of an anomaly class's default parameters; absent fields keep the default.</summary>
public sealed class AnomalyRuleParameters
{
    [JsonPropertyName("rate")]
    public double? Rate { get; set; }

    [JsonPropertyName("duration_s")]
    public double? Duration { get; set; }

    [JsonPropertyName("period_s")]
    public double? Period { get; set; }

    [JsonPropertyName("jitter")]
    public double? Jitter { get; set; }

    [JsonPropertyName("intensity")]
    public double? Intensity { get; set; }

    [JsonPropertyName("ramp_s")]
    public double? Ramp { get; set; }

    /// <summary>For port scans: an nmap timing template (T0–T5) that sets the rate.</summary>
    [JsonPropertyName("timing")]
    public string? Timing { get; set; }
}
