using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.RegularExpressions;
using DigitalTwin.Api.Security;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DigitalTwin.Api.Tests.Observability;

/// <summary>
/// docs/observability.md lists every instrument of the platform's meters with its Prometheus name, kind and unit. The
/// meters are found by what they are (a class with a <c>MeterName</c> and a constructor taking the meter factory), so a
/// meter or instrument added tomorrow fails this test until the docs say what it measures.
/// </summary>
public sealed partial class DocumentedMetricsTests
{
    [Fact]
    public void TheDocsListEveryInstrumentOfThePlatformsMetersWithItsUnit()
    {
        var published = PublishedInstruments();
        var docs = File.ReadAllText(RepositoryRoot.File("docs", "observability.md"));
        var table = docs[docs.IndexOf("<!-- metrics:start -->", StringComparison.Ordinal)..docs.IndexOf("<!-- metrics:end -->", StringComparison.Ordinal)];
        var documented = DocumentedInstrument().Matches(table).Select(m => string.Join(' ', m.Groups.Values.Skip(1).Select(g => g.Value))).ToList();

        Assert.True(published.Count > 30, $"only {published.Count} instruments found");
        Assert.Equal(documented.Count, documented.Distinct().Count());
        Assert.Equal(published.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    /// <summary>Each instrument as the docs' row says it: name, Prometheus name, kind, unit, meter.</summary>
    private static List<string> PublishedInstruments()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var rows = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, _) =>
        {
            if (instrument.Meter.Name.StartsWith("DigitalTwin.", StringComparison.Ordinal))
            {
                rows.Add($"{instrument.Name} {PrometheusName(instrument)} {Kind(instrument)} {instrument.Unit} {instrument.Meter.Name}");
            }
        };
        listener.Start();

        var meters = new[] { typeof(IngestMetrics).Assembly, typeof(ApiSecurityMetrics).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.GetField("MeterName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true }
                && type.GetConstructor([typeof(IMeterFactory)]) is not null)
            .ToList();
        Assert.True(meters.Count >= 7, $"only {meters.Count} meter classes found");
        foreach (var type in meters)
        {
            ((IDisposable)Activator.CreateInstance(type, factory)!).Dispose();
        }

        return rows;
    }

    private static string Kind(Instrument instrument) => instrument.GetType().GetGenericTypeDefinition().Name switch
    {
        "Counter`1" or "ObservableCounter`1" => "counter",
        "UpDownCounter`1" or "ObservableUpDownCounter`1" or "Gauge`1" or "ObservableGauge`1" => "gauge",
        "Histogram`1" => "histogram",
        var other => other,
    };

    /// <summary>What OpenTelemetry's Prometheus exporter makes of the name: underscores, a seconds suffix, <c>_total</c> on counters.</summary>
    private static string PrometheusName(Instrument instrument) =>
        instrument.Name.Replace('.', '_') + (instrument.Unit == "s" ? "_seconds" : "") + (Kind(instrument) == "counter" ? "_total" : "");

    [GeneratedRegex(@"^\| `([^`]+)` \| `([^`]+)` \| (\w+) \| `([^`]+)` \| ([\w.]+) \| [^|]+ \|$", RegexOptions.Multiline)]
    private static partial Regex DocumentedInstrument();
}
