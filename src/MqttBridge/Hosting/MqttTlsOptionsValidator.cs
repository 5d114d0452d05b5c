using DigitalTwin.MqttBridge.Security;
using Microsoft.Extensions.Options;

namespace DigitalTwin.MqttBridge.Hosting;

/// <summary>
/// Stops the silo at start-up when the broker's listeners or its TLS files are unusable: it reads the certificate
/// and key (and the client CA bundle) exactly as the broker will, so a missing file, a key that is not the
/// certificate's, a wrong PKCS#12 password or an expired certificate is named with its setting before anything listens.
/// </summary>
internal sealed class MqttTlsOptionsValidator(TimeProvider time) : IValidateOptions<MqttBridgeOptions>
{
    private const string Tls = MqttTlsOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, MqttBridgeOptions options)
    {
        var failures = new List<string>();
        var tls = options.Tls;
        if (!options.PlainEnabled && !tls.Enabled)
        {
            failures.Add($"{MqttBridgeOptions.SectionName}:{nameof(options.PlainEnabled)} is false and {Tls}:{nameof(tls.Enabled)} is false: the broker would listen nowhere.");
        }

        if (!tls.Enabled)
        {
            if (tls.ClientCertificates != ClientCertificateMode.None)
            {
                failures.Add($"{Tls}:{nameof(tls.ClientCertificates)} is {tls.ClientCertificates}, which needs {Tls}:{nameof(tls.Enabled)}=true.");
            }

            return Result(failures);
        }

        if (tls.Port is < 1 or > 65535)
        {
            failures.Add($"{Tls}:{nameof(tls.Port)} must be a TCP port (1-65535), got {tls.Port}.");
        }
        else if (options.PlainEnabled && tls.Port == options.Port)
        {
            failures.Add($"{Tls}:{nameof(tls.Port)} and {MqttBridgeOptions.SectionName}:{nameof(options.Port)} are both {tls.Port}: give the TLS and the plain listener different ports, or close the plain one ({MqttBridgeOptions.SectionName}:{nameof(options.PlainEnabled)}=false).");
        }

        if (tls.HandshakeTimeout <= TimeSpan.Zero || tls.HandshakeTimeout > MqttTlsOptions.MaxHandshakeTimeout)
        {
            failures.Add($"{Tls}:{nameof(tls.HandshakeTimeout)} must be more than 0 and at most {MqttTlsOptions.MaxHandshakeTimeout}, got {tls.HandshakeTimeout}.");
        }

        var pem = !string.IsNullOrWhiteSpace(tls.CertificatePath) || !string.IsNullOrWhiteSpace(tls.KeyPath);
        if (pem && tls.UsesPkcs12)
        {
            failures.Add($"{Tls}: set either {nameof(tls.CertificatePath)} and {nameof(tls.KeyPath)} (PEM) or {nameof(tls.Pkcs12Path)} (PKCS#12), not both.");
        }
        else if (!tls.UsesPkcs12 && string.IsNullOrWhiteSpace(tls.CertificatePath))
        {
            failures.Add($"{Tls}:{nameof(tls.Enabled)} is true but no certificate is configured: set {Tls}:{nameof(tls.CertificatePath)} and {Tls}:{nameof(tls.KeyPath)} (PEM files) or {Tls}:{nameof(tls.Pkcs12Path)} (and {nameof(tls.Pkcs12Password)}).");
        }
        else
        {
            try
            {
                ServerCertificateFiles.Load(tls, ServerCertificateFiles.Read(tls), time.GetUtcNow()).Dispose();
            }
            catch (CertificateFileException ex)
            {
                failures.Add(ex.Message);
            }
        }

        if (tls.ClientCertificates != ClientCertificateMode.None)
        {
            try
            {
                ClientCertificateIdentity.FromBundle(tls.ClientCaPath, time);
            }
            catch (CertificateFileException ex)
            {
                failures.Add(ex.Message);
            }
        }

        return Result(failures);
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
