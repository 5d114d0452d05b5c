using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Repeated failed logins against one LAN service, one new connection per attempt at <c>rate</c> attempts a second
/// (evenly paced with ±20% jitter, as a cracking tool's timer: one a minute to tens a second). What an attempt looks
/// like on the wire depends on the <c>protocol</c>:
/// <list type="bullet">
/// <item><c>ssh</c> (22): the handshake, version and key exchange, a few authentication packets, then the server
/// closes (FIN); no TLS. Now and then the server drops the connection with a reset (sshd's MaxStartups).</item>
/// <item><c>http</c> (80 or 8080): a basic-auth or form login request answered 401, the connection closed normally.</item>
/// <item><c>mqtt</c> (1883, or 8883 over TLS): CONNECT with bad credentials, CONNACK "not authorised", the broker
/// closes.</item>
/// <item><c>tls</c> (8883 or 443): client-certificate failures, the handshake ends in an alert and a reset; some
/// attempts are refused outright once the target rate-limits.</item>
/// </list>
/// </summary>
public sealed class BruteForce : IAnomalyInjector
{
    private const int MaxAttemptsPerWindow = 5_000;

    private readonly AnomalyParameters _parameters;
    private readonly uint _target;
    private readonly string _protocol;
    private readonly ushort _port;
    private double _next = double.NaN;

    public BruteForce(AnomalyParameters parameters, uint target, Xoshiro256 random)
    {
        _parameters = parameters;
        _target = target;
        _protocol = parameters.Variant(AnomalyVariants.Protocol) ?? "tls";
        var alternative = random.Chance(0.5);
        _port = _protocol switch
        {
            "ssh" => 22,
            "http" => alternative ? (ushort)8080 : (ushort)80,
            "mqtt" => alternative ? (ushort)8883 : (ushort)1883,
            _ => alternative ? (ushort)443 : (ushort)8883,
        };
    }

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        var gap = 1 / Math.Max(1e-9, _parameters.Rate * intensity);
        if (double.IsNaN(_next))
        {
            _next = window.StartSeconds + from + random.Uniform(0, Math.Min(gap, to - from));
        }

        for (var attempts = 0; _next < window.StartSeconds + to; _next += gap * random.Uniform(0.8, 1.2))
        {
            if (++attempts > MaxAttemptsPerWindow)
            {
                _next = window.StartSeconds + to;
                break;
            }

            var offset = Math.Max(from, _next - window.StartSeconds);
            var rtt = random.Uniform(1, 5);
            switch (_protocol)
            {
                case "ssh":
                    Ssh(window, offset, rtt);
                    break;
                case "http":
                    Http(window, offset, rtt);
                    break;
                case "mqtt":
                    Mqtt(window, offset, rtt);
                    break;
                default:
                    Tls(window, offset, rtt);
                    break;
            }
        }
    }

    private void Ssh(TrafficWindow window, double offset, double rtt)
    {
        var random = window.Random;
        var connection = window.Connect(offset, _target, _port, rtt);
        var start = offset + 0.002 + rtt / 1000;
        if (random.Chance(0.1))
        {
            // MaxStartups: the server drops an unauthenticated connection right after its banner.
            window.Stream(connection, start, 0.01, 0, 1, 0, TrafficWindow.TcpHeaderBytes + 41, 0);
            window.Reset(connection, start + 0.02);
            return;
        }

        // Versions, key exchange init, ECDH and new keys, then three password tries (MaxAuthTries lets a few through).
        var seconds = random.Uniform(0.4, 2.5);
        window.Stream(connection, start, seconds, 10, 9, (long)random.Uniform(1_700, 2_300), (long)random.Uniform(2_200, 2_900), 300);
        window.Hangup(connection, start + seconds + 0.01);
    }

    private void Http(TrafficWindow window, double offset, double rtt)
    {
        var random = window.Random;
        var connection = window.Connect(offset, _target, _port, rtt);
        var start = offset + 0.002 + rtt / 1000;
        var seconds = random.Uniform(0.02, 0.2);
        window.Stream(connection, start, seconds, 2, 2, (long)random.Uniform(380, 620), (long)random.Uniform(420, 760), 120);
        window.Close(connection, start + seconds + 0.005);
    }

    private void Mqtt(TrafficWindow window, double offset, double rtt)
    {
        var random = window.Random;
        var connection = window.Connect(offset, _target, _port, rtt, _port == 8883 ? TlsOutcome.Completed : TlsOutcome.None);
        var start = offset + 0.002 + rtt / 1000 * (_port == 8883 ? 3 : 1);

        // CONNECT with client id, user name and password; CONNACK with return code 5, not authorised; the broker closes.
        window.Stream(connection, start, 0.005, 1, 1, TrafficWindow.TcpHeaderBytes + (long)random.Uniform(50, 110), TrafficWindow.TcpHeaderBytes + 4, 0);
        window.Hangup(connection, start + 0.01);
    }

    private void Tls(TrafficWindow window, double offset, double rtt)
    {
        var random = window.Random;
        var refused = random.Chance(0.3);
        window.AddShortSession(
            offset, TransportProtocol.Tcp, _target, _port, refused ? 0.01 : random.Uniform(0.2, 0.6),
            refused ? 1 : 6, refused ? 1 : 5, refused ? 0 : 900, refused ? 0 : 2_600, 250, rtt + 2,
            failed: true, tls: refused ? TlsOutcome.None : TlsOutcome.Failed);
    }
}
