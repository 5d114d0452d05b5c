namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// xoshiro256** (Blackman and Vigna, 2018) seeded through SplitMix64: a small generator whose output is fixed by its
/// published algorithm, unlike <see cref="Random"/>, whose seeded sequence .NET does not promise to keep across
/// versions. Same seed, same sequence, on any machine. Not thread-safe: one per device.
/// </summary>
public sealed class Xoshiro256
{
    private ulong _s0, _s1, _s2, _s3;

    public Xoshiro256(ulong seed)
    {
        var sm = seed;
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    /// <summary>
    /// A seed for one named part of a run (a device id, "schedule", ...) derived from the run's seed, so each part's
    /// sequence stays the same when other parts are added or removed.
    /// </summary>
    public static ulong Derive(ulong seed, string key)
    {
        // FNV-1a of the key, mixed with the seed by SplitMix64's finaliser.
        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        var state = seed ^ hash;
        return SplitMix64(ref state);
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)(NextDouble() * maxExclusive);

    public double Uniform(double from, double to) => from + (to - from) * NextDouble();

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>Exponentially distributed with the given mean: the gap between events of a Poisson process.</summary>
    public double Exponential(double mean) => -mean * Math.Log(1 - NextDouble());

    /// <summary>Normally distributed (Box-Muller, one value per call so the sequence never depends on a cached spare).</summary>
    public double Normal(double mean, double std)
    {
        var u1 = 1 - NextDouble();
        var u2 = NextDouble();
        return mean + std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A Poisson count with the given mean: Knuth's product method when small, a rounded normal when large.</summary>
    public int Poisson(double mean)
    {
        if (!(mean > 0))
        {
            return 0;
        }

        if (mean > 30)
        {
            return Math.Max(0, (int)Math.Round(Normal(mean, Math.Sqrt(mean))));
        }

        var limit = Math.Exp(-mean);
        var product = NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= NextDouble();
        }

        return count;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
