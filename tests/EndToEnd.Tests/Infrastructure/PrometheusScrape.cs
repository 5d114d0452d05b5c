using System.Globalization;
using System.Text.RegularExpressions;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>One read of a silo's <c>/metrics</c> in Prometheus' text format: every sample, by metric name and labels.</summary>
public sealed partial class PrometheusScrape
{
    private readonly List<(string Name, string Labels, double Value)> _samples;

    private PrometheusScrape(string text, List<(string, string, double)> samples)
    {
        Text = text;
        _samples = samples;
    }

    public string Text { get; }

    /// <summary>The metric names that have at least one sample.</summary>
    public IReadOnlySet<string> Names => _samples.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    public static async Task<PrometheusScrape> ReadAsync(HttpClient http, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET /metrics answered {(int)response.StatusCode}: {text}");
        }

        var samples = Sample().Matches(text)
            .Select(m => (m.Groups["name"].Value, m.Groups["labels"].Value, ValueOf(m.Groups["value"].Value)))
            .ToList();
        return new PrometheusScrape(text, samples);
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include every one of <paramref name="labels"/> (<c>key="value"</c>).</summary>
    public double Sum(string name, params string[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(label => s.Labels.Contains(label, StringComparison.Ordinal))).Sum(s => s.Value);

    private static double ValueOf(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}
