using System.Globalization;
using DigitalTwin.DeviceSimulator.Telemetry;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>
/// Which device types a fleet holds and in what proportion: <c>temperature_sensor:3,smart_light:1</c> (a type
/// without a weight counts 1). Shares are split by largest remainder so the counts always add up to the fleet size.
/// </summary>
public sealed class FleetMix
{
    private FleetMix(IReadOnlyList<KeyValuePair<string, double>> weights) => Weights = weights;

    /// <summary>Every known type, equally.</summary>
    public static FleetMix Even { get; } = new(DeviceTypes.All.Select(n => new KeyValuePair<string, double>(n, 1)).ToList());

    public IReadOnlyList<KeyValuePair<string, double>> Weights { get; }

    public static FleetMix Parse(string text)
    {
        var weights = new List<KeyValuePair<string, double>>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':', 2, StringSplitOptions.TrimEntries);
            var type = pieces[0];
            if (!DeviceModels.IsKnown(type))
            {
                throw new FormatException($"--types: unknown device type '{type}'; known: {string.Join(", ", DeviceTypes.All)}");
            }

            var weight = 1.0;
            if (pieces.Length == 2 && (!double.TryParse(pieces[1], NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || !(weight > 0) || double.IsInfinity(weight)))
            {
                throw new FormatException($"--types: the weight of {type} must be a positive number, not '{pieces[1]}'");
            }

            if (weights.Any(w => w.Key == type))
            {
                throw new FormatException($"--types: {type} is listed twice");
            }

            weights.Add(new(type, weight));
        }

        return weights.Count > 0 ? new FleetMix(weights) : throw new FormatException("--types: name at least one device type");
    }

    /// <summary>How many devices of each type a fleet of <paramref name="devices"/> holds, in the mix's order.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> Allocate(int devices)
    {
        var total = Weights.Sum(w => w.Value);
        var exact = Weights.Select(w => w.Value / total * devices).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        var left = devices - counts.Sum();
        foreach (var index in Enumerable.Range(0, exact.Length).OrderByDescending(i => exact[i] - counts[i]).ThenBy(i => i).Take(left))
        {
            counts[index]++;
        }

        return Weights.Select((w, i) => new KeyValuePair<string, int>(w.Key, counts[i])).ToList();
    }
}
