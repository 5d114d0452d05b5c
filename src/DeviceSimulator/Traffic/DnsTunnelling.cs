using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Data smuggled in DNS: <c>rate</c> queries a second for names whose first labels carry base32-encoded chunks
/// (long, high-entropy, never repeated) under one attacker zone; TXT answers come back bigger than usual and some
/// queries end NXDOMAIN.
/// </summary>
public sealed class DnsTunnelling(AnomalyParameters parameters) : IAnomalyInjector
{
    private const string Zone = ".t.cdn-metrics.example.net";
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        var queries = random.Poisson(parameters.Rate * intensity * (to - from));
        Span<char> name = stackalloc char[128];
        for (var i = 0; i < queries; i++)
        {
            var length = 40 + random.NextInt(21);
            for (var c = 0; c < length; c++)
            {
                name[c] = Base32[random.NextInt(Base32.Length)];
            }

            // DNS labels hold at most 63 characters; split the chunk in two labels as tunnelling tools do.
            name[length / 2] = '.';
            Zone.AsSpan().CopyTo(name[length..]);
            window.Lookup(random.Uniform(from, to), new DomainName(name[..(length + Zone.Length)].ToString()), random.Chance(0.1), answerBytes: 260);
        }
    }
}
