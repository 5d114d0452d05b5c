using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Tests.Dataset;

internal static class DatasetSamples
{
    public static readonly DateTimeOffset Origin = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    public static readonly DatasetProvenance Provenance = new("unit-test", 42, "sim-test");

    public static readonly GroundTruth Beacon = new(
        GroundTruthLabel.Anomalous,
        "beacon",
        GroundTruthPhase.Steady,
        """{"period_s":45,"jitter":0.2}""",
        Origin.AddMinutes(1),
        Origin.AddMinutes(31));

    /// <summary>A window of the same episode into which the beacon put no packet.</summary>
    public static readonly GroundTruth SilentBeacon = Beacon with { TrafficPresent = false };

    public static IEnumerable<DatasetRow> Rows(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var values = new double[FeatureCatalog.Count];
            for (var f = 0; f < values.Length; f++)
            {
                values[f] = i * 1.1 + f / 3.0;
            }

            values[(int)NetworkFeature.Jitter] = i % 7 == 0 ? double.NaN : 0.1 + i;
            var window = new NetworkWindow(Origin.AddSeconds(10 * i), 10, values, SchemaVersionOf(i));
            yield return new DatasetRow(
                $"camera-{i % 3:0000}",
                "camera",
                window,
                Provenance,
                i % 3 == 0 ? "test" : "train",
                TruthOf(i),
                i < count / 2 ? "train" : "test");
        }
    }

    /// <summary>Every fifth sample row is a beacon window, every tenth one the beacon left empty.</summary>
    public static GroundTruth TruthOf(int row) => row % 10 == 0 ? SilentBeacon : row % 5 == 0 ? Beacon : GroundTruth.Normal;

    /// <summary>Every fourth sample row is of schema 1, the others of the current schema.</summary>
    public static int SchemaVersionOf(int row) => row % 4 == 3 ? 1 : FeatureCatalog.SchemaVersion;

    public static async Task<byte[]> WriteAsync(DatasetFormat format, DatasetColumnSet columns, IEnumerable<DatasetRow> rows, int rowGroupRows = 1000)
    {
        using var stream = new MemoryStream();
        await using (IDatasetWriter writer = format == DatasetFormat.Csv
            ? new DatasetCsvWriter(stream, columns, leaveOpen: true)
            : new DatasetParquetWriter(stream, columns, leaveOpen: true, rowGroupRows))
        {
            foreach (var row in rows)
            {
                await writer.WriteAsync(row);
            }

            await writer.CompleteAsync();
        }

        return stream.ToArray();
    }
}
