using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DigitalTwin.MqttBridge.Hosting;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// Reads the broker's server certificate from the files <c>Mqtt:Tls</c> names: PEM certificate and key, or PKCS#12.
/// Reading and loading are separate steps so a reload can compare the bytes it read with the last ones and load
/// exactly those bytes, never a mix of an old and a new file read a moment apart.
/// </summary>
internal static class ServerCertificateFiles
{
    /// <summary>The settings naming the files, in the order <see cref="Read"/> returns their contents.</summary>
    public static IReadOnlyList<(string Key, string Path)> Files(MqttTlsOptions tls)
    {
        if (tls.UsesPkcs12)
        {
            return [($"{MqttTlsOptions.SectionName}:{nameof(tls.Pkcs12Path)}", tls.Pkcs12Path!)];
        }

        var certificate = ($"{MqttTlsOptions.SectionName}:{nameof(tls.CertificatePath)}", tls.CertificatePath ?? "");
        return string.IsNullOrWhiteSpace(tls.KeyPath)
            ? [certificate]
            : [certificate, ($"{MqttTlsOptions.SectionName}:{nameof(tls.KeyPath)}", tls.KeyPath)];
    }

    /// <summary>The bytes of every file, or a <see cref="CertificateFileException"/> naming the first one missing or unreadable.</summary>
    public static byte[][] Read(MqttTlsOptions tls)
    {
        var files = Files(tls);
        var contents = new byte[files.Count][];
        for (var i = 0; i < files.Count; i++)
        {
            var (key, path) = files[i];
            if (!File.Exists(path))
            {
                throw new CertificateFileException($"{key}: the file '{path}' does not exist.");
            }

            try
            {
                contents[i] = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CertificateFileException($"{key}: the file '{path}' cannot be read: {ex.Message}", ex);
            }
        }

        return contents;
    }

    /// <summary>
    /// The certificate with its private key from the contents <see cref="Read"/> returned, refused when the key is
    /// missing or does not belong to it, or when it is not valid at <paramref name="now"/> (every client would reject it).
    /// </summary>
    public static X509Certificate2 Load(MqttTlsOptions tls, byte[][] contents, DateTimeOffset now)
    {
        var files = Files(tls);
        var certificate = tls.UsesPkcs12 ? LoadPkcs12(tls, files[0], contents[0]) : LoadPem(files, contents);
        var source = string.Join(" and ", files.Select(f => $"'{f.Path}'"));
        var (notBefore, notAfter) = (certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime());
        if (now < notBefore || now > notAfter)
        {
            certificate.Dispose();
            throw new CertificateFileException(now < notBefore
                ? $"{MqttTlsOptions.SectionName}: the certificate from {source} is not valid before {notBefore:u}."
                : $"{MqttTlsOptions.SectionName}: the certificate from {source} expired on {notAfter:u}: replace it.");
        }

        return certificate;
    }

    private static X509Certificate2 LoadPem(IReadOnlyList<(string Key, string Path)> files, byte[][] contents)
    {
        var certificatePem = Encoding.UTF8.GetString(contents[0]);
        var keyPem = contents.Length > 1 ? Encoding.UTF8.GetString(contents[1]) : certificatePem;
        var keys = string.Join(" and ", files.Select(f => f.Key));
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            // ArgumentException: a key that is not the certificate's.
            throw new CertificateFileException(
                $"{keys}: no certificate with its own private key could be read from {string.Join(" and ", files.Select(f => $"'{f.Path}'"))} (the key must be an unencrypted PEM key that belongs to the certificate): {ex.Message}",
                ex);
        }

        // Windows' TLS stack cannot use a key that was never stored; elsewhere the PEM key is used as it is.
        if (OperatingSystem.IsWindows())
        {
            using (certificate)
            {
                return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
            }
        }

        return certificate;
    }

    private static X509Certificate2 LoadPkcs12(MqttTlsOptions tls, (string Key, string Path) file, byte[] content)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12(content, string.IsNullOrEmpty(tls.Pkcs12Password) ? null : tls.Pkcs12Password);
        }
        catch (CryptographicException ex)
        {
            throw new CertificateFileException(
                $"{file.Key}: '{file.Path}' cannot be read as PKCS#12 with the configured {MqttTlsOptions.SectionName}:{nameof(tls.Pkcs12Password)}: {ex.Message}",
                ex);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new CertificateFileException($"{file.Key}: '{file.Path}' holds no private key for its certificate.");
        }

        return certificate;
    }
}
