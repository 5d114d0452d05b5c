using System.Security.Cryptography.X509Certificates;
using MQTTnet;

namespace DigitalTwin.Behaviour.Wire;

/// <summary>How the platform's MQTT clients (the device simulator, the network probe) apply a <see cref="BrokerSecurity"/>.</summary>
public static class BrokerSecurityExtensions
{
    /// <summary>Adds the TLS settings and credentials of <paramref name="security"/> for the connection of <paramref name="clientId"/>.</summary>
    public static MqttClientOptionsBuilder WithBrokerSecurity(this MqttClientOptionsBuilder builder, BrokerSecurity security, string clientId)
    {
        if (security.CredentialsFor(clientId) is ({ } username, var password))
        {
            builder.WithCredentials(username, password);
        }

        if (!security.UsesTls)
        {
            return builder;
        }

        var certificate = security.ClientCertificateFor(clientId);
        return builder.WithTlsOptions(tls =>
        {
            tls.UseTls();
            if (security.TrustedRoots is { } roots)
            {
                // A private CA publishes no revocation list a device could reach.
                tls.WithTrustChain(roots).WithRevocationMode(X509RevocationMode.NoCheck);
            }

            if (security.ServerName is { } serverName)
            {
                tls.WithTargetHost(serverName);
            }

            if (certificate is not null)
            {
                tls.WithClientCertificates([certificate]);
            }
        });
    }
}
