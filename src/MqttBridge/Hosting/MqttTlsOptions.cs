namespace DigitalTwin.MqttBridge.Hosting;

/// <summary>
/// MQTT over TLS in the embedded broker. Bound from <c>Mqtt:Tls</c>. The server certificate comes either from PEM files
/// (<see cref="CertificatePath"/> and <see cref="KeyPath"/>) or from a PKCS#12 file (<see cref="Pkcs12Path"/> and
/// <see cref="Pkcs12Password"/>); the broker picks up replaced files for new connections without a restart.
/// </summary>
public sealed class MqttTlsOptions
{
    public const string SectionName = $"{MqttBridgeOptions.SectionName}:Tls";

    /// <summary>Opens the TLS listener.</summary>
    public bool Enabled { get; set; }

    /// <summary>TCP port of the TLS listener, on <see cref="MqttBridgeOptions.BindAddress"/>.</summary>
    public int Port { get; set; } = 8883;

    /// <summary>PEM file with the server certificate, optionally followed by its intermediates.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM file with the certificate's private key (PKCS#8, RSA or EC); empty when the key is in <see cref="CertificatePath"/>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>PKCS#12 (.pfx/.p12) file with the certificate and its private key, instead of the PEM files.</summary>
    public string? Pkcs12Path { get; set; }

    /// <summary>Password of <see cref="Pkcs12Path"/>; empty for none. Never logged.</summary>
    public string? Pkcs12Password { get; set; }

    /// <summary>Whether devices present X.509 client certificates (mutual TLS); anything but <c>None</c> needs <see cref="ClientCaPath"/>.</summary>
    public ClientCertificateMode ClientCertificates { get; set; } = ClientCertificateMode.None;

    /// <summary>PEM bundle of the certificate authorities that sign device certificates; the only roots a client certificate may chain to.</summary>
    public string? ClientCaPath { get; set; }

    /// <summary>
    /// How long a client has, from opening its connection, to finish the TLS handshake; past it the connection is
    /// closed, so clients that connect and send nothing cannot hold sockets for ever. Default 10 s, at most 5 min.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest <see cref="HandshakeTimeout"/> accepted: longer only helps a client that is holding sockets open.</summary>
    public static readonly TimeSpan MaxHandshakeTimeout = TimeSpan.FromMinutes(5);

    public bool UsesPkcs12 => !string.IsNullOrWhiteSpace(Pkcs12Path);
}
