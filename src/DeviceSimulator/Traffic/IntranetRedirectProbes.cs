namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// What a gateway forwards for the browsers behind it: on start-up and on every network change Chromium asks for
/// three random names of 7–15 letters to detect a captive portal or an NXDOMAIN-hijacking resolver, and gets NXDOMAIN
/// for each. <paramref name="perDay"/> such bursts a day on average, following the load. Benign random-looking names
/// with NXDOMAIN.
/// </summary>
internal sealed class IntranetRedirectProbes(double perDay) : ITrafficSource
{
    public void AddTo(TrafficWindow window)
    {
        var random = window.Random;
        if (!random.Chance(perDay * window.Load * window.Seconds / 86_400))
        {
            return;
        }

        var at = random.Uniform(0, window.Seconds);
        for (var i = 0; i < 3; i++)
        {
            var letters = new char[7 + random.NextInt(9)];
            for (var c = 0; c < letters.Length; c++)
            {
                letters[c] = (char)('a' + random.NextInt(26));
            }

            window.Lookup(at + i * 0.002, new DomainName(new string(letters)), nxDomain: true);
        }
    }
}
