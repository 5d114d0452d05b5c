namespace DigitalTwin.Persistence.Tests.Infrastructure;

/// <summary>A clock that stands still until a test moves it, so presence boundaries can be hit exactly.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
