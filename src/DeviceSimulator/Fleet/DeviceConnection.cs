using DigitalTwin.Behaviour.Wire;

namespace DigitalTwin.DeviceSimulator.Fleet;

/// <summary>How every device of a fleet reaches the broker: where, with which credentials and TLS settings.</summary>
public sealed record DeviceConnection(string Broker, int Port, BrokerSecurity Security, TimeSpan SessionExpiry);
