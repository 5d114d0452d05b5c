using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Packets;
using DigitalTwin.NetworkProbe.Devices;

namespace DigitalTwin.NetworkProbe.Output;

/// <summary>One device's finished window, with the twin it goes to and the address it was observed at.</summary>
internal sealed record ProbeWindow(DeviceIdentity Device, HostAddress Address, NetworkWindow Window);
