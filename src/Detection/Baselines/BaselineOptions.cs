namespace DigitalTwin.Detection.Baselines;

/// <summary>How a behaviour baseline learns: how long until it is trusted and how long it remembers.</summary>
public sealed class BaselineOptions
{
    /// <summary>Traffic a host's own baseline needs before it is scored against it; until then its peers' baseline serves.</summary>
    public TimeSpan WarmUp { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Half-life of what the baseline learnt, in traffic learnt: each window ages the rest by its length, so for a host
    /// that reports all the time a week-old window weighs half a new one by default; time without windows ages nothing.
    /// </summary>
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Windows an hour of the day needs before its activity level counts towards the daily cycle.</summary>
    public int HourWindowsForCycle { get; set; } = 30;
}
