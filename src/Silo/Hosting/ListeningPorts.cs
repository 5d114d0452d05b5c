using System.Net;
using System.Net.Sockets;
using DigitalTwin.MqttBridge.Hosting;
using DigitalTwin.Persistence.Hosting;
using Microsoft.AspNetCore.Connections;

namespace DigitalTwin.Silo.Hosting;

/// <summary>
/// Every port the silo will listen on (HTTP, MQTT, Orleans' silo and gateway ports), read from the same
/// configuration the silo starts with, so a port another process holds is named with the key that moves it
/// instead of surfacing as a socket exception deep inside a start-up.
/// </summary>
internal sealed class ListeningPorts(IReadOnlyList<ListeningPort> ports)
{
    /// <summary>ASP.NET Core's key for the HTTP addresses (also <c>--urls</c> and <c>ASPNETCORE_URLS</c>).</summary>
    public const string UrlsKey = "Urls";

    /// <summary>Kestrel's named endpoints, each with its own <c>Url</c> and optionally its own certificate.</summary>
    public const string KestrelEndpointsKey = "Kestrel:Endpoints";

    /// <summary>Kestrel's address when no <c>Urls</c> is configured.</summary>
    private const string DefaultUrls = "http://localhost:5000";

    public static ListeningPorts Of(IConfiguration configuration)
    {
        var ports = new List<ListeningPort>();
        foreach (var (key, url) in HttpUrls(configuration))
        {
            AddUrl(ports, key, url);
        }

        var mqtt = configuration.GetSection(MqttBridgeOptions.SectionName).Get<MqttBridgeOptions>() ?? new MqttBridgeOptions();
        if (IPAddress.TryParse(mqtt.BindAddress, out var mqttAddress))
        {
            if (mqtt.PlainEnabled)
            {
                ports.Add(new ListeningPort($"{MqttBridgeOptions.SectionName}:{nameof(mqtt.Port)}", mqttAddress, mqtt.Port));
            }

            if (mqtt.Tls.Enabled)
            {
                ports.Add(new ListeningPort($"{MqttTlsOptions.SectionName}:{nameof(mqtt.Tls.Port)}", mqttAddress, mqtt.Tls.Port));
            }
        }

        // Localhost clustering listens on the loopback address; a PostgreSQL cluster on every interface.
        var host = configuration.GetSection(SiloHostOptions.SectionName).Get<SiloHostOptions>() ?? new SiloHostOptions();
        var postgres = configuration.GetSection(PostgresOptions.SectionName).Get<PostgresOptions>() ?? new PostgresOptions();
        var orleansAddress = postgres.Enabled ? IPAddress.Any : IPAddress.Loopback;
        ports.Add(new ListeningPort($"{SiloHostOptions.SectionName}:{nameof(host.SiloPort)}", orleansAddress, host.SiloPort));
        ports.Add(new ListeningPort($"{SiloHostOptions.SectionName}:{nameof(host.GatewayPort)}", orleansAddress, host.GatewayPort));

        // Out-of-range ports are the options validators' to report, with their own message.
        return new ListeningPorts([.. ports.Where(p => p.Port is > 0 and <= IPEndPoint.MaxPort)]);
    }

    /// <summary>
    /// The API's addresses with the key that sets each: Kestrel's own endpoints (<c>Kestrel:Endpoints:{name}:Url</c>)
    /// when any are configured, since Kestrel then ignores <c>Urls</c>; otherwise <c>Urls</c> or Kestrel's default.
    /// </summary>
    public static IReadOnlyList<(string Key, string Url)> HttpUrls(IConfiguration configuration)
    {
        var endpoints = configuration.GetSection(KestrelEndpointsKey).GetChildren()
            .Where(endpoint => endpoint["Url"] is { Length: > 0 })
            .Select(endpoint => ($"{KestrelEndpointsKey}:{endpoint.Key}:Url", endpoint["Url"]!))
            .ToList();
        if (endpoints.Count > 0)
        {
            return endpoints;
        }

        return (configuration[UrlsKey] is { Length: > 0 } urls ? urls : DefaultUrls)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url => (UrlsKey, url))
            .ToList();
    }

    /// <summary>The first port another process holds, checked by binding each briefly; null when all are free.</summary>
    /// <remarks>Racy by nature (a port can be taken right after the check): <see cref="Explain"/> covers the real bind failing.</remarks>
    public ListeningPort? FindTaken() => ports.FirstOrDefault(p => p.IsTaken());

    /// <summary>
    /// The one-line message for a start-up that failed because an address was in use, or null when
    /// <paramref name="exception"/> is something else. Called after the failed host released its own ports, so
    /// checking again names the port the other process holds.
    /// </summary>
    public string? Explain(Exception exception)
    {
        if (!IsAddressInUse(exception))
        {
            return null;
        }

        return FindTaken()?.InUseMessage
            ?? $"A port this silo listens on was already in use at start-up ({string.Join(", ", ports.Select(p => $"{p.Key}={p.Port}").Distinct())}): stop the other process or move this silo's ports.";
    }

    private static bool IsAddressInUse(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }

            if (current is AggregateException aggregate && aggregate.InnerExceptions.Any(IsAddressInUse))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads an ASP.NET Core URL (<c>http://localhost:5000</c>, <c>http://*:80</c>, <c>http://[::1]:5000</c>).</summary>
    private static void AddUrl(List<ListeningPort> ports, string key, string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var authority = scheme < 0 ? url : url[(scheme + 3)..];
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        authority = slash < 0 ? authority : authority[..slash];
        var colon = authority.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(authority[(colon + 1)..], out var port))
        {
            return;
        }

        var hostName = authority[..colon].Trim('[', ']');
        if (string.Equals(hostName, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel binds "localhost" on both loopback addresses and fails when either is taken.
            ports.Add(new ListeningPort(key, IPAddress.Loopback, port));
            ports.Add(new ListeningPort(key, IPAddress.IPv6Loopback, port));
        }
        else
        {
            // "*", "+" and host names other than localhost make Kestrel listen on every interface.
            ports.Add(new ListeningPort(key, IPAddress.TryParse(hostName, out var address) ? address : IPAddress.Any, port));
        }
    }
}
