using System.Net;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// What a CONNECT presents to authentication; <c>WillTopic</c> is the topic of its last will, when it registered one;
/// <c>CertifiedDeviceId</c> the device id its TLS client certificate proved (<see cref="ClientCertificatePolicy"/>),
/// when it presented one.
/// </summary>
internal sealed record ConnectAttempt(string ClientId, string? Username, byte[]? Password, IPAddress? Address, string? WillTopic, bool IsMqtt5, string? CertifiedDeviceId = null);
