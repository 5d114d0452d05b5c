using DigitalTwin.Behaviour.CommandLine;

namespace DigitalTwin.NetworkProbe.Output;

/// <summary>The broker the probe publishes to: <c>host:port</c>, <c>[v6-address]:port</c>, or a host alone for port 1883.</summary>
internal sealed record MqttEndpoint(string Host, int Port)
{
    public const int DefaultPort = 1883;

    public static MqttEndpoint Parse(string text)
    {
        string host;
        var port = DefaultPort;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                throw new UsageException($"--mqtt '{text}': an IPv6 address is written [address]:port");
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0 && (!rest.StartsWith(':') || !TryPort(rest[1..], out port)))
            {
                throw new UsageException($"--mqtt '{text}': the port must be a number from 1 to 65535");
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            if (colon >= 0 && (host.Contains(':') || !TryPort(text[(colon + 1)..], out port)))
            {
                throw new UsageException($"--mqtt '{text}': expected host:port (port 1-65535; an IPv6 address in brackets)");
            }
        }

        if (host.Length == 0)
        {
            throw new UsageException($"--mqtt '{text}': the host is missing");
        }

        return new MqttEndpoint(host, port);
    }

    public override string ToString() => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    private static bool TryPort(string text, out int port) => int.TryParse(text, out port) && port is >= 1 and <= 65535;
}
