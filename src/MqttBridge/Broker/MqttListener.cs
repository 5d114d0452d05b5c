using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.MqttBridge.Hosting;
using DigitalTwin.MqttBridge.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace DigitalTwin.MqttBridge.Broker;

/// <summary>
/// The listeners of the embedded broker, plain MQTT (<c>Mqtt:Port</c>) and MQTT over TLS (<c>Mqtt:Tls</c>), in place of
/// MQTTnet's, for two reasons:
/// <list type="bullet">
/// <item>MQTTnet's TLS handshake has no time limit: a client that opens a connection and never finishes the handshake
/// would hold a socket and a task until it went away, and anyone can open thousands. Here the handshake must finish
/// within <see cref="MqttTlsOptions.HandshakeTimeout"/>.</item>
/// <item>MQTTnet writes each packet with its own write, and a device's PUBACKs are many small packets: every
/// connection's stream is a <see cref="CoalescingStream"/>, which gathers the writes that come together into one
/// TLS record or one TCP send.</item>
/// </list>
/// Otherwise a connection goes to MQTTnet exactly as its own listener would hand it over (same channel, same packet
/// formatter, same socket options), so the broker and <see cref="ConformingChannelAdapter"/> see no difference.
/// </summary>
internal sealed partial class MqttListener(
    IOptions<MqttBridgeOptions> options, BrokerTransportSecurity transport, BrokerSecurityMetrics metrics, ILogger<MqttListener> logger) : IDisposable
{
    /// <summary>MQTTnet's listen backlog.</summary>
    private const int Backlog = 100;

    /// <summary>How long accepting pauses after it failed, as MQTTnet's listener does.</summary>
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromSeconds(1);

    private readonly List<Socket> _sockets = [];
    private CancellationTokenSource? _stopping;

    /// <summary>
    /// Listens on the plain port unless it is closed and on the TLS port when TLS is on, each on the bind address and
    /// its IPv6 counterpart where the host has IPv6; hands each connection to <paramref name="accept"/>.
    /// </summary>
    public void Start(MqttServerOptions server, Func<IMqttChannelAdapter, Task> accept, IMqttNetLogger log)
    {
        _stopping = new CancellationTokenSource();
        if (options.Value.PlainEnabled)
        {
            Listen(options.Value.Port, tls: false, server, accept, log, _stopping.Token);
        }

        if (transport.Certificate is not null)
        {
            Listen(options.Value.Tls.Port, tls: true, server, accept, log, _stopping.Token);
        }
    }

    public void Stop()
    {
        _stopping?.Cancel();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _sockets.Clear();
        _stopping?.Dispose();
        _stopping = null;
    }

    public void Dispose() => Stop();

    private void Listen(int port, bool tls, MqttServerOptions server, Func<IMqttChannelAdapter, Task> accept, IMqttNetLogger log, CancellationToken stopping)
    {
        var address = IPAddress.Parse(options.Value.BindAddress);
        IPAddress[] addresses = ListenAddresses.IPv6CounterpartOf(address) is { } addressV6 ? [address, addressV6] : [address];
        foreach (var endpoint in addresses.Select(a => new IPEndPoint(a, port)))
        {
            var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            _sockets.Add(socket);
            socket.Bind(endpoint);
            socket.Listen(Backlog);
            _ = AcceptAsync(socket, port, tls, server, accept, log, stopping);
        }
    }

    private async Task AcceptAsync(Socket listener, int port, bool tls, MqttServerOptions server, Func<IMqttChannelAdapter, Task> accept, IMqttNetLogger log, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException || stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                // The client gave up while queued: nothing to serve.
                continue;
            }
            catch (SocketException ex)
            {
                // Out of file descriptors or the like: the listener must outlive it, without spinning while it lasts.
                LogAcceptFailed(logger, ex, port);
                await Task.Delay(AcceptRetryDelay, stopping).ContinueWith(static _ => { }, TaskScheduler.Default);
                continue;
            }

            _ = Task.Run(() => ServeAsync(client, tls, server, accept, log, stopping), CancellationToken.None);
        }
    }

    /// <summary>One connection, from handshake to close; nothing it throws may go unobserved.</summary>
    private async Task ServeAsync(Socket client, bool tls, MqttServerOptions server, Func<IMqttChannelAdapter, Task> accept, IMqttNetLogger log, CancellationToken stopping)
    {
        EndPoint? remote = null;
        try
        {
            remote = client.RemoteEndPoint;
            client.NoDelay = true;
            if (tls)
            {
                await HandshakeAndServeAsync(client, remote, server, accept, log, stopping);
            }
            else
            {
                await using var stream = new NetworkStream(client, ownsSocket: true);
                await ServeChannelAsync(stream, client.LocalEndPoint, remote, null, server, accept, log);
            }
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested && ex is not ObjectDisposedException)
        {
            LogConnectionFailed(logger, ex, remote?.ToString());
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task HandshakeAndServeAsync(Socket client, EndPoint? remote, MqttServerOptions server, Func<IMqttChannelAdapter, Task> accept, IMqttNetLogger log, CancellationToken stopping)
    {
        var local = client.LocalEndPoint;
        await using var tls = new SslStream(new NetworkStream(client, ownsSocket: true), leaveInnerStreamOpen: false, AnyClientCertificate);
        var timeout = options.Value.Tls.HandshakeTimeout;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            deadline.CancelAfter(timeout);
            await tls.AuthenticateAsServerAsync(
                new SslServerAuthenticationOptions
                {
                    ServerCertificate = transport.Certificate!.GetCertificate(),
                    ClientCertificateRequired = transport.ClientCertificates is not null,
                    EncryptionPolicy = EncryptionPolicy.RequireEncryption,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                deadline.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            metrics.TlsHandshakeTimedOut();
            LogHandshakeTimedOut(logger, remote?.ToString(), timeout);
            return;
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException)
        {
            // A client that speaks plain MQTT to the TLS port, distrusts the certificate or hangs up mid-handshake is
            // the client's problem, and anyone can cause it: one line at information, not an error with a stack trace.
            if (!stopping.IsCancellationRequested)
            {
                LogHandshakeFailed(logger, remote?.ToString(), ex.Message);
            }

            return;
        }

        var certificate = tls.RemoteCertificate as X509Certificate2
            ?? (tls.RemoteCertificate is { } other ? X509CertificateLoader.LoadCertificate(other.Export(X509ContentType.Cert)) : null);
        await ServeChannelAsync(tls, local, remote, certificate, server, accept, log);
    }

    private static async Task ServeChannelAsync(
        Stream stream, EndPoint? local, EndPoint? remote, X509Certificate2? certificate, MqttServerOptions server, Func<IMqttChannelAdapter, Task> accept, IMqttNetLogger log)
    {
        var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(server.WriterBufferSize, server.WriterBufferSizeMax));
        using var channel = new MqttChannelAdapter(new MqttTcpChannel(new CoalescingStream(stream), local, remote, certificate), formatter, log);
        await accept(channel);
    }

    // Whether a client certificate proves a device is decided at CONNECT (ClientCertificatePolicy), where the refusal
    // can carry a reason code; the handshake only proves the client holds the certificate's key.
    private static bool AnyClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;

    [LoggerMessage(Level = LogLevel.Information, Message = "TLS handshake of MQTT client {Endpoint} not finished within {Timeout} (Mqtt:Tls:HandshakeTimeout); connection closed")]
    private static partial void LogHandshakeTimedOut(ILogger logger, string? endpoint, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accepting a connection on MQTT port {Port} failed; trying again in a second")]
    private static partial void LogAcceptFailed(ILogger logger, Exception exception, int port);

    [LoggerMessage(Level = LogLevel.Error, Message = "Serving MQTT to {Endpoint} failed")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception, string? endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "A TLS handshake with MQTT client {Endpoint} failed: {Reason}")]
    private static partial void LogHandshakeFailed(ILogger logger, string? endpoint, string reason);
}
