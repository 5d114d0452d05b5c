using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DigitalTwin.Behaviour.CommandLine;

namespace DigitalTwin.Behaviour.Wire;

/// <summary>
/// How a client of the platform's broker (the device simulator, the network probe) secures its connection: TLS,
/// trusting the machine's roots or only a CA bundle, optionally a client certificate (one for every connection, or
/// <c>{device id}.pem</c>/<c>.key</c> per device from a directory), and a username and password: one for every
/// connection, or each device's own (username = its id, password = its secret; <see cref="WithDeviceSecrets"/>).
/// </summary>
public sealed class BrokerSecurity
{
    private readonly X509Certificate2? _sharedCertificate;
    private readonly string? _certificateDirectory;
    private readonly IReadOnlyDictionary<string, string>? _deviceSecrets;

    private BrokerSecurity(
        bool usesTls, X509Certificate2Collection? roots, X509Certificate2? certificate, string? certificateDirectory, string? serverName, string? username, string? password,
        IReadOnlyDictionary<string, string>? deviceSecrets = null)
    {
        _deviceSecrets = deviceSecrets;
        UsesTls = usesTls;
        TrustedRoots = roots;
        _sharedCertificate = certificate;
        _certificateDirectory = certificateDirectory;
        ServerName = serverName;
        Username = username;
        Password = password;
    }

    public static BrokerSecurity None { get; } = new(false, null, null, null, null, null, null);

    public bool UsesTls { get; }

    /// <summary>The only roots the broker's certificate may chain to; null: the machine's trust store.</summary>
    public X509Certificate2Collection? TrustedRoots { get; }

    /// <summary>The name the broker's certificate must carry; null: the host connected to.</summary>
    public string? ServerName { get; }

    public string? Username { get; }

    public string? Password { get; }

    /// <summary>
    /// Reads the files named by the options, refusing what cannot work (a key without its certificate, a password without
    /// a username, a file that is not PEM) with a <see cref="UsageException"/> naming the option. Any TLS option turns TLS on.
    /// </summary>
    public static BrokerSecurity Read(bool tls, string? caFile, string? certificateFile, string? keyFile, string? certificateDirectory, string? serverName, string? username, string? password, string optionPrefix = "--")
    {
        if (password is not null && username is null)
        {
            throw new UsageException($"{optionPrefix}password needs {optionPrefix}username");
        }

        if ((certificateFile is null) != (keyFile is null))
        {
            throw new UsageException($"{optionPrefix}cert and {optionPrefix}key go together");
        }

        if (certificateFile is not null && certificateDirectory is not null)
        {
            throw new UsageException($"give either {optionPrefix}cert/{optionPrefix}key (one certificate for every connection) or {optionPrefix}cert-dir (one per device), not both");
        }

        if (certificateDirectory is not null && !Directory.Exists(certificateDirectory))
        {
            throw new UsageException($"{optionPrefix}cert-dir: no directory '{certificateDirectory}'");
        }

        var usesTls = tls || caFile is not null || certificateFile is not null || certificateDirectory is not null || serverName is not null;
        try
        {
            X509Certificate2Collection? roots = null;
            if (caFile is not null)
            {
                roots = [];
                roots.ImportFromPemFile(caFile);
                if (roots.Count == 0)
                {
                    throw new UsageException($"{optionPrefix}ca-file: '{caFile}' holds no PEM certificate");
                }
            }

            var certificate = certificateFile is null ? null : X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
            return new BrokerSecurity(usesTls, roots, certificate, certificateDirectory, serverName, username, password);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or ArgumentException)
        {
            throw new UsageException($"{optionPrefix}ca-file/{optionPrefix}cert/{optionPrefix}key: {ex.Message}");
        }
    }

    /// <summary>
    /// The same settings with each device authenticating as itself: username = its id, password = its secret from
    /// <paramref name="secrets"/> (by device id). Replaces a shared username and password.
    /// </summary>
    public BrokerSecurity WithDeviceSecrets(IReadOnlyDictionary<string, string> secrets) =>
        new(UsesTls, TrustedRoots, _sharedCertificate, _certificateDirectory, ServerName, null, null, secrets);

    /// <summary>
    /// The username and password of the connection of <paramref name="clientId"/>: its own secret when it has one
    /// (<see cref="WithDeviceSecrets"/>), else the shared <see cref="Username"/> and <see cref="Password"/>.
    /// </summary>
    public (string? Username, string? Password) CredentialsFor(string clientId) =>
        _deviceSecrets is not null && _deviceSecrets.TryGetValue(clientId, out var secret) ? (clientId, secret) : (Username, Password);

    /// <summary>The client certificate <paramref name="deviceId"/> presents: the shared one, its own from the directory, or none.</summary>
    public X509Certificate2? ClientCertificateFor(string deviceId)
    {
        if (_certificateDirectory is null)
        {
            return _sharedCertificate;
        }

        var certificate = Path.Combine(_certificateDirectory, $"{deviceId}.pem");
        return File.Exists(certificate) ? X509Certificate2.CreateFromPemFile(certificate, Path.Combine(_certificateDirectory, $"{deviceId}.key")) : null;
    }
}
