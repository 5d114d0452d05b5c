namespace DigitalTwin.Wire.Tests.Infrastructure;

/// <summary>A clock that stands still at the time it is given, and moves only when a test says so.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
