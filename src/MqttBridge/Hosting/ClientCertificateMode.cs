namespace DigitalTwin.MqttBridge.Hosting;

/// <summary>What the broker asks of a client's X.509 certificate (<c>Mqtt:Tls:ClientCertificates</c>).</summary>
public enum ClientCertificateMode
{
    /// <summary>The broker does not ask for one.</summary>
    None,

    /// <summary>
    /// Asked for: a connection that presents one must present a valid one (it then proves the device id); a connection
    /// without one goes on to the other checks (username and password).
    /// </summary>
    Optional,

    /// <summary>Every connection, on either listener, must present a valid certificate, or its CONNECT is refused.</summary>
    Required,
}
