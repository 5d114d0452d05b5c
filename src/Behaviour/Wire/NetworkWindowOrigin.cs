namespace DigitalTwin.Behaviour.Wire;

/// <summary>
/// What a network payload says about where its window comes from: the <c>source</c> that measured it and, optionally,
/// the device <c>type</c> a twin discovered from it takes (a probe names <c>network_host</c> or its map file's type).
/// </summary>
public readonly record struct NetworkWindowOrigin(NetworkSource Source, string? DeviceType)
{
    public static NetworkWindowOrigin FromDevice { get; } = new(NetworkSource.Device, null);
}
