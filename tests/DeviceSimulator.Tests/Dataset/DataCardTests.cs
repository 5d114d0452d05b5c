using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Dataset;

/// <summary>docs/dataset.md documents every column and every anomaly class; these keep it in step with the code.</summary>
public sealed class DataCardTests
{
    private static readonly Lazy<string> Card = new(() =>
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DigitalTwin.sln")))
        {
            folder = folder.Parent;
        }

        return File.ReadAllText(Path.Combine(folder?.FullName ?? throw new InvalidOperationException("repository root not found"), "docs", "dataset.md"));
    });

    [Fact]
    public void EveryFeatureHasARowWithItsUnit()
    {
        foreach (var feature in FeatureCatalog.All)
        {
            Assert.Contains($"| `{feature.Name}` | {feature.Unit} |", Card.Value);
        }
    }

    [Fact]
    public void EveryColumnIsDocumented()
    {
        foreach (var column in DatasetColumns.For(DatasetColumnSet.Labelled))
        {
            Assert.Contains($"| `{column}` |", Card.Value);
        }
    }

    [Fact]
    public void EveryAnomalyClassIsDescribed()
    {
        foreach (var anomaly in AnomalyCatalog.All)
        {
            Assert.Contains($"| `{anomaly.Name}` |", Card.Value);
        }
    }

    [Fact]
    public void EveryClassHasItsBandsAndVariantsInTheBandsTable()
    {
        var table = Card.Value[Card.Value.IndexOf("### Bands and variants", StringComparison.Ordinal)..];
        foreach (var anomaly in AnomalyCatalog.All)
        {
            var row = table.Split('\n').Single(line => line.StartsWith($"| `{anomaly.Name}` |", StringComparison.Ordinal));
            foreach (var (name, values) in anomaly.Variants)
            {
                Assert.Contains($"`{name}`", row);
                Assert.All(values.Where(v => !v.StartsWith('T')), value => Assert.Contains(value, row));
            }

            Assert.Contains(anomaly.Standard.Duration.Min.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), row);
            Assert.Contains(anomaly.LowAndSlow.Duration.Max.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), row);
        }
    }
}
