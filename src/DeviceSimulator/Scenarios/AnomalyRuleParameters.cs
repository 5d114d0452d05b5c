using System.Text.Json.Serialization;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>
/// A rule's parameters: each number fixed or a range drawn per episode, each variant one value or a list drawn per
/// episode. Absent fields are drawn from the rule's band (<see cref="AnomalyCatalog"/>); intensity and ramp default
/// to the class's.
/// </summary>
public sealed class AnomalyRuleParameters
{
    [JsonPropertyName("rate")]
    [JsonConverter(typeof(ParameterRangeJsonConverter))]
    public ParameterRange? Rate { get; set; }

    [JsonPropertyName("duration_s")]
    [JsonConverter(typeof(ParameterRangeJsonConverter))]
    public ParameterRange? Duration { get; set; }

    [JsonPropertyName("period_s")]
    [JsonConverter(typeof(ParameterRangeJsonConverter))]
    public ParameterRange? Period { get; set; }

    [JsonPropertyName("jitter")]
    [JsonConverter(typeof(ParameterRangeJsonConverter))]
    public ParameterRange? Jitter { get; set; }

    [JsonPropertyName("intensity")]
    [JsonConverter(typeof(ParameterRangeJsonConverter))]
    public ParameterRange? Intensity { get; set; }

    [JsonPropertyName("ramp_s")]
    [JsonConverter(typeof(ParameterRangeJsonConverter))]
    public ParameterRange? Ramp { get; set; }

    /// <summary>port_scan: nmap timing templates (T0–T5); the template sets the rate.</summary>
    [JsonPropertyName(AnomalyVariants.Timing)]
    public VariantChoice? Timing { get; set; }

    [JsonPropertyName(AnomalyVariants.Targets)]
    public VariantChoice? Targets { get; set; }

    [JsonPropertyName(AnomalyVariants.Protocol)]
    public VariantChoice? Protocol { get; set; }

    [JsonPropertyName(AnomalyVariants.Answered)]
    public VariantChoice? Answered { get; set; }

    [JsonPropertyName(AnomalyVariants.Destination)]
    public VariantChoice? Destination { get; set; }

    [JsonPropertyName(AnomalyVariants.Pacing)]
    public VariantChoice? Pacing { get; set; }

    [JsonPropertyName(AnomalyVariants.Record)]
    public VariantChoice? Record { get; set; }

    [JsonPropertyName(AnomalyVariants.Labels)]
    public VariantChoice? Labels { get; set; }

    /// <summary>Every variant the rule gives, by name.</summary>
    public IEnumerable<(string Name, VariantChoice Choice)> Choices()
    {
        (string, VariantChoice?)[] all =
        [
            (AnomalyVariants.Timing, Timing), (AnomalyVariants.Targets, Targets), (AnomalyVariants.Protocol, Protocol),
            (AnomalyVariants.Answered, Answered), (AnomalyVariants.Destination, Destination), (AnomalyVariants.Pacing, Pacing),
            (AnomalyVariants.Record, Record), (AnomalyVariants.Labels, Labels),
        ];
        foreach (var (name, choice) in all)
        {
            if (choice is not null)
            {
                yield return (name, choice);
            }
        }
    }

    public VariantChoice? Choice(string name) => Choices().FirstOrDefault(c => c.Name == name).Choice;
}
