namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>The device is off the network from <see cref="Start"/> to <see cref="End"/> (Unix seconds).</summary>
internal sealed record Interruption(InterruptionKind Kind, double Start, double End)
{
    /// <summary>Whether the device starts from scratch afterwards (new sessions, lookups, clock not yet synchronised).</summary>
    public bool Boots => Kind != InterruptionKind.WifiDrop;
}
