namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>
/// Spaces connection attempts across the fleet to a rate, for the first ramp and for reconnects after a broker
/// restart alike, so a thousand devices do not hit the broker in the same millisecond.
/// </summary>
public sealed class ConnectPacer(double perSecond, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly TimeSpan _spacing = TimeSpan.FromSeconds(1 / perSecond);
    private DateTimeOffset _next = DateTimeOffset.MinValue;

    /// <summary>Waits for this caller's slot.</summary>
    public Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset slot;
        var now = time.GetUtcNow();
        lock (_gate)
        {
            slot = _next > now ? _next : now;
            _next = slot + _spacing;
        }

        var wait = slot - now;
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}
