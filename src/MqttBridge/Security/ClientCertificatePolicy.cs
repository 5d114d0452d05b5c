using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Security;
using DigitalTwin.MqttBridge.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// The broker's connection hook for client certificates. The TLS handshake accepts any certificate whose key the
/// client holds, so the refusal comes here, as a CONNACK reason code a device developer can read (not authorized),
/// instead of a bare TLS alert. A proven device id is kept in the session items under
/// <see cref="ClientCertificateIdentity.SessionItemKey"/>, where broker authentication (<see cref="BrokerAuthentication"/>,
/// hooked in after this) takes it as the device's identity without a secret; in production the client id must equal it.
/// </summary>
internal sealed partial class ClientCertificatePolicy(
    ClientCertificateIdentity identity, ClientCertificateMode mode, SecurityOptions security, BrokerSecurityMetrics metrics, ILogger<ClientCertificatePolicy> logger)
{
    public Task ValidateAsync(ValidatingConnectionEventArgs args)
    {
        if (args.ReasonCode != MqttConnectReasonCode.Success)
        {
            return Task.CompletedTask;
        }

        var certificate = args.ClientCertificate;
        if (certificate is null)
        {
            if (mode == ClientCertificateMode.Required)
            {
                Refuse(args, MqttConnectReasonCode.NotAuthorized, BrokerSecurityMetrics.CertificateMissing, $"a client certificate is required ({MqttTlsOptions.SectionName}:{nameof(MqttTlsOptions.ClientCertificates)}={mode})");
            }

            return Task.CompletedTask;
        }

        var verdict = identity.Verify(certificate);
        if (!verdict.IsProven)
        {
            Refuse(args, MqttConnectReasonCode.NotAuthorized, verdict.CountedAs!, verdict.Refusal!);
        }
        else if (security.IsProduction && !string.Equals(args.ClientId, verdict.DeviceId, StringComparison.Ordinal))
        {
            Refuse(args, MqttConnectReasonCode.ClientIdentifierNotValid, BrokerSecurityMetrics.ClientIdMismatch, $"the client certificate proves device '{verdict.DeviceId}', and in production the client id must equal it");
        }
        else
        {
            args.SessionItems[ClientCertificateIdentity.SessionItemKey] = verdict.DeviceId;
        }

        return Task.CompletedTask;
    }

    private void Refuse(ValidatingConnectionEventArgs args, MqttConnectReasonCode code, string countedAs, string reason)
    {
        args.ReasonCode = code;
        metrics.ConnectionRefused(countedAs);
        LogRefused(logger, args.ClientId, args.RemoteEndPoint?.ToString(), reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused MQTT client {ClientId} from {Endpoint}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string? clientId, string? endpoint, string reason);
}
