using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Security;
using DigitalTwin.MqttBridge.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// What <c>Mqtt:Tls</c> adds to the broker: the reloading server certificate of the TLS listener and, with client
/// certificates on, the connection hook that checks them. Both null when TLS is off, so a plain broker pays nothing.
/// </summary>
internal sealed class BrokerTransportSecurity
{
    public BrokerTransportSecurity(MqttBridgeOptions options, SecurityOptions security, BrokerSecurityMetrics metrics, TimeProvider time, ILoggerFactory loggers)
    {
        var tls = options.Tls;
        if (!tls.Enabled)
        {
            return;
        }

        Certificate = new ServerCertificateSource(tls, time, loggers.CreateLogger<ServerCertificateSource>());
        if (tls.ClientCertificates != ClientCertificateMode.None)
        {
            ClientCertificates = new ClientCertificatePolicy(
                ClientCertificateIdentity.FromBundle(tls.ClientCaPath, time), tls.ClientCertificates, security, metrics, loggers.CreateLogger<ClientCertificatePolicy>());
        }
    }

    public ServerCertificateSource? Certificate { get; }

    public ClientCertificatePolicy? ClientCertificates { get; }

    /// <summary>Loads the certificate before the first client (logging which one) and hooks the client-certificate check in.</summary>
    public void Attach(MqttServer server)
    {
        Certificate?.GetCertificate();
        if (ClientCertificates is not null)
        {
            server.ValidatingConnectionAsync += ClientCertificates.ValidateAsync;
        }
    }

    public void Detach(MqttServer server)
    {
        if (ClientCertificates is not null)
        {
            server.ValidatingConnectionAsync -= ClientCertificates.ValidateAsync;
        }
    }
}
