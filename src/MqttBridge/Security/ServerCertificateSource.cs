using System.Security.Cryptography.X509Certificates;
using DigitalTwin.MqttBridge.Hosting;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// The broker's server certificate, taken from the files again when they change. The TLS listener asks for the
/// certificate once per accepted connection (<c>MqttListener</c>), so that is where the check happens: at most once per <see cref="CheckInterval"/>
/// the files are read and compared with the bytes last loaded (a few kilobytes; no file watcher to lose events on the
/// atomic symlink swap of a Kubernetes secret). New files that are not a usable certificate (half written, key and
/// certificate out of step, expired) leave the current one in place and are logged; connections already open keep
/// the certificate they were made with.
/// </summary>
internal sealed partial class ServerCertificateSource(MqttTlsOptions tls, TimeProvider time, ILogger<ServerCertificateSource> logger)
{
    /// <summary>How long the broker uses a certificate before it looks at the files again.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>A certificate expiring within this time is loaded with a warning.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(14);

    private readonly Lock _gate = new();
    private X509Certificate2? _current;
    private byte[][] _seen = [];
    private long _nextCheck;

    /// <summary>The certificate for a new connection; throws only when none could ever be loaded.</summary>
    public X509Certificate2 GetCertificate()
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && time.GetTimestamp() < Volatile.Read(ref _nextCheck))
        {
            return current;
        }

        lock (_gate)
        {
            if (_current is null || time.GetTimestamp() >= _nextCheck)
            {
                Check();
            }

            return _current!;
        }
    }

    private void Check()
    {
        try
        {
            var contents = ServerCertificateFiles.Read(tls);
            if (_current is not null && IsSame(contents, _seen))
            {
                return;
            }

            // Remembered before loading, so a bad set of files is reported once, not on every check, and tried again when one of them changes.
            _seen = contents;
            var certificate = ServerCertificateFiles.Load(tls, contents, time.GetUtcNow());
            var first = _current is null;
            Volatile.Write(ref _current, certificate);
            if (first)
            {
                LogLoaded(logger, certificate.Subject, certificate.Thumbprint, certificate.NotAfter.ToUniversalTime());
            }
            else
            {
                LogReloaded(logger, certificate.Subject, certificate.Thumbprint, certificate.NotAfter.ToUniversalTime());
            }

            if (certificate.NotAfter - time.GetUtcNow() < ExpiryWarning)
            {
                LogExpiresSoon(logger, certificate.Subject, certificate.NotAfter.ToUniversalTime());
            }
        }
        catch (CertificateFileException ex) when (_current is not null)
        {
            LogReloadRefused(logger, ex.Message, _current.Thumbprint);
        }
        finally
        {
            Volatile.Write(ref _nextCheck, time.GetTimestamp() + (long)(CheckInterval.TotalSeconds * time.TimestampFrequency));
        }
    }

    private static bool IsSame(byte[][] contents, byte[][] seen) =>
        contents.Length == seen.Length && contents.Zip(seen).All(pair => pair.First.AsSpan().SequenceEqual(pair.Second));

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT over TLS uses the certificate {Subject} (thumbprint {Thumbprint}, expires {NotAfter:u})")]
    private static partial void LogLoaded(ILogger logger, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Information, Message = "The MQTT TLS certificate files changed: new connections get {Subject} (thumbprint {Thumbprint}, expires {NotAfter:u})")]
    private static partial void LogReloaded(ILogger logger, string subject, string thumbprint, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The MQTT TLS certificate {Subject} expires {NotAfter:u}: replace its files (the broker picks them up without a restart)")]
    private static partial void LogExpiresSoon(ILogger logger, string subject, DateTime notAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The MQTT TLS certificate files changed but cannot be used; the broker keeps the certificate {Thumbprint}. {Reason}")]
    private static partial void LogReloadRefused(ILogger logger, string reason, string thumbprint);
}
