namespace DigitalTwin.Behaviour.Traffic;

/// <summary>
/// A rate over a host's whole history in which the past fades with a half-life (an exponentially damped window, as
/// Kitsune keeps them): every closed window adds its count, and both the counts and the elapsed time decay by
/// 2^(−Δt / half-life), so silent time lowers the rate and a host seen for less than a half-life is not diluted by time
/// before it was seen. Steady traffic of r per second gives exactly r.
/// </summary>
internal struct DampedRate(double halfLifeSeconds)
{
    private double _sum;
    private double _seconds;

    public readonly double HalfLifeSeconds => halfLifeSeconds;

    /// <summary>Per second, or 0 before anything was added.</summary>
    public readonly double PerSecond => _seconds > 0 ? _sum / _seconds : 0;

    /// <summary>
    /// Adds <paramref name="elapsedSeconds"/> without events, in steps of <paramref name="stepSeconds"/> (windows):
    /// the same as <see cref="Add"/> of nothing for each step, in closed form, so silent time ages like any other.
    /// </summary>
    public void AddSilence(double elapsedSeconds, double stepSeconds)
    {
        if (!(elapsedSeconds > 0))
        {
            return;
        }

        var decay = Math.Pow(2, -elapsedSeconds / halfLifeSeconds);
        var stepDecay = Math.Pow(2, -stepSeconds / halfLifeSeconds);
        _sum *= decay;
        _seconds = _seconds * decay + stepSeconds * (1 - decay) / (1 - stepDecay);
    }

    /// <summary>Adds <paramref name="count"/> events over <paramref name="elapsedSeconds"/> since the previous call.</summary>
    public void Add(double count, double elapsedSeconds)
    {
        var decay = Math.Pow(2, -elapsedSeconds / halfLifeSeconds);
        _sum = _sum * decay + count;
        _seconds = _seconds * decay + elapsedSeconds;
    }
}
