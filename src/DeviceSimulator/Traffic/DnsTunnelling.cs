using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// Data smuggled in DNS: <c>rate</c> queries a second for names whose first labels carry base32-encoded chunks (never
/// repeated) under one attacker zone. The <c>labels</c> are <c>long</c> (40–60 characters in two labels, as iodine
/// and dnscat2 pack them) or <c>short</c> (20–30 in one, as slower tools keep them to look less odd); the
/// <c>record</c> type asked for sets the answers' size (TXT and NULL carry the most, A the least). Some queries end
/// NXDOMAIN.
/// </summary>
public sealed class DnsTunnelling(AnomalyParameters parameters, string zone) : IAnomalyInjector
{
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";
    private const int MaxQueriesPerWindow = 5_000;

    private readonly bool _short = parameters.Variant(AnomalyVariants.Labels) == "short";

    private readonly (int Min, int Max) _answerBytes = parameters.Variant(AnomalyVariants.Record) switch
    {
        "a" => (60, 80),
        "aaaa" => (70, 100),
        "cname" => (90, 150),
        "null" => (200, 400),
        _ => (180, 260),
    };

    public void AddTo(TrafficWindow window, double from, double to, double intensity)
    {
        var random = window.Random;
        var queries = Math.Min(MaxQueriesPerWindow, random.Poisson(parameters.Rate * intensity * (to - from)));
        Span<char> name = stackalloc char[64 + zone.Length + 1];
        for (var i = 0; i < queries; i++)
        {
            var length = _short ? 20 + random.NextInt(11) : 40 + random.NextInt(21);
            for (var c = 0; c < length; c++)
            {
                name[c] = Base32[random.NextInt(Base32.Length)];
            }

            // DNS labels hold at most 63 characters; a long chunk is split in two labels as tunnelling tools do.
            if (!_short)
            {
                name[length / 2] = '.';
            }

            name[length] = '.';
            zone.AsSpan().CopyTo(name[(length + 1)..]);
            window.Lookup(
                random.Uniform(from, to), new DomainName(name[..(length + 1 + zone.Length)].ToString()), random.Chance(0.1),
                answerBytes: _answerBytes.Min + random.NextInt(_answerBytes.Max - _answerBytes.Min));
        }
    }
}
