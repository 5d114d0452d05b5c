namespace DigitalTwin.DeviceSimulator.Telemetry;

/// <summary>
/// A device's own seeded generator: the same fleet seed and device id give the same readings run after run,
/// whatever order the devices are created in. Not thread-safe; each device owns one.
/// </summary>
public sealed class DeviceRandom
{
    private readonly Random _random;
    private double? _spareGaussian;

    public DeviceRandom(int seed) => _random = new Random(seed);

    /// <summary>
    /// Mixes the fleet seed with the device id (FNV-1a over the id's characters), because
    /// <see cref="string.GetHashCode()"/> differs from process to process.
    /// </summary>
    public static DeviceRandom ForDevice(int fleetSeed, string deviceId)
    {
        var hash = 2166136261u ^ (uint)fleetSeed;
        foreach (var c in deviceId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return new DeviceRandom((int)hash);
    }

    public double NextDouble() => _random.NextDouble();

    public double Uniform(double min, double max) => min + (max - min) * _random.NextDouble();

    public int Next(int minInclusive, int maxExclusive) => _random.Next(minInclusive, maxExclusive);

    public bool Chance(double probability) => probability > 0 && _random.NextDouble() < probability;

    /// <summary>A standard normal value (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public double Gaussian()
    {
        if (_spareGaussian is { } spare)
        {
            _spareGaussian = null;
            return spare;
        }

        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        var radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    public double Gaussian(double mean, double deviation) => mean + deviation * Gaussian();

    /// <summary>Number of events of a Poisson process with the given mean (Knuth's method; means here stay small).</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            return Math.Max(0, (int)Math.Round(Gaussian(mean, Math.Sqrt(mean))));
        }

        var limit = Math.Exp(-mean);
        var count = 0;
        var product = _random.NextDouble();
        while (product > limit)
        {
            count++;
            product *= _random.NextDouble();
        }

        return count;
    }
}
