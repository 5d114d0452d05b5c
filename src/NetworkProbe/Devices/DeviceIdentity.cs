namespace DigitalTwin.NetworkProbe.Devices;

/// <summary>The twin a host's windows go to: its device id and the device type a twin discovered from them takes.</summary>
internal sealed record DeviceIdentity(string Id, string Type);
