using DigitalTwin.Grains.Interfaces.Network;

namespace DigitalTwin.Grains.Network;

/// <summary>A window a twin accepted, with the device it came from and the twin's device type at the time.</summary>
public sealed record ObservedNetworkWindow(string DeviceId, string DeviceType, NetworkWindowRecord Window);
