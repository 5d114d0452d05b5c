using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>
/// Draws one episode's parameters from a validated rule: its band (a mixed rule tosses a coin per episode), then each
/// number from the rule's value or range or else the band's, then each of the class's variants from the rule's list
/// or else the band's values.
/// </summary>
internal static class EpisodeDraw
{
    /// <summary>Share of a mixed rule's episodes drawn low-and-slow.</summary>
    public const double MixedLowAndSlowShare = 0.5;

    public static AnomalyParameters Draw(AnomalyRule rule, Xoshiro256 random)
    {
        AnomalyCatalog.TryFind(rule.Class ?? "", out var descriptor);
        var band = rule.Band switch
        {
            AnomalyCatalog.LowAndSlow => AnomalyBand.LowAndSlow,
            AnomalyCatalog.Mixed => random.Chance(MixedLowAndSlowShare) ? AnomalyBand.LowAndSlow : AnomalyBand.Standard,
            _ => AnomalyBand.Standard,
        };
        var profile = descriptor.Profile(band);
        var given = rule.Parameters ?? new AnomalyRuleParameters();
        var rate = (given.Rate ?? profile.Rate).Draw(random);
        var durationRange = given.Duration ?? profile.Duration;

        // A duration given as one number varies ±25% so a rule's episodes do not all end alike; a range varies by itself.
        var duration = durationRange.IsFixed ? durationRange.Min * random.Uniform(0.75, 1.25) : durationRange.Draw(random);
        var period = (given.Period ?? profile.Period).Draw(random);
        var jitter = (given.Jitter ?? profile.Jitter).Draw(random);
        var intensity = (given.Intensity ?? ParameterRange.Fixed(descriptor.Defaults.Intensity)).Draw(random);
        var ramp = (given.Ramp ?? ParameterRange.Fixed(descriptor.Defaults.Ramp)).Draw(random);

        var variants = new List<KeyValuePair<string, string>>(descriptor.Variants.Count);
        foreach (var (name, known) in descriptor.Variants)
        {
            if (name == AnomalyVariants.Timing && given.Rate is not null && given.Timing is null)
            {
                variants.Add(new(name, AnomalyCatalog.CustomTiming));
                continue;
            }

            var values = given.Choice(name)?.Values ?? profile.Variants.First(v => v.Key == name).Value;
            var value = values[random.NextInt(values.Count)];
            variants.Add(new(name, known.First(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase))));
        }

        var parameters = new AnomalyParameters(rate, duration, period, jitter, intensity, ramp, band, variants);
        if (descriptor.Class == AnomalyClass.PortScan && AnomalyCatalog.ScanTimings.TryGetValue(parameters.Variant(AnomalyVariants.Timing) ?? "", out var probes))
        {
            parameters = parameters with { Rate = probes };
        }

        return parameters;
    }
}
