using DigitalTwin.Behaviour.Dataset;

namespace DigitalTwin.Behaviour.Tests.Dataset;

public sealed class DatasetParquetReaderTests
{
    [Fact]
    public async Task ReadsBackWhatTheWriterWroteAcrossRowGroups()
    {
        var rows = DatasetSamples.Rows(2500).ToList();
        var bytes = await DatasetSamples.WriteAsync(DatasetFormat.Parquet, DatasetColumnSet.Labelled, rows, rowGroupRows: 1000);

        await using var reader = await DatasetParquetReader.OpenAsync(new MemoryStream(bytes));
        var read = await reader.ReadRowsAsync().ToListAsync();

        Assert.True(reader.HasFeatures && reader.HasGroundTruth && reader.HasProvenance);
        Assert.Equal(2500, reader.RowCount);
        Assert.Equal(rows.Count, read.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i].DeviceId, read[i].DeviceId);
            Assert.Equal(rows[i].DeviceType, read[i].DeviceType);
            Assert.Equal(rows[i].Window.Start, read[i].Window.Start);
            Assert.Equal(rows[i].Window.Values, read[i].Window.Values);
            Assert.Equal(rows[i].Window.SchemaVersion, read[i].Window.SchemaVersion);
            Assert.Equal(rows[i].Truth, read[i].Truth);
            Assert.Equal(rows[i].Provenance, read[i].Provenance);
            Assert.Equal(rows[i].Split, read[i].Split);
            Assert.Equal(rows[i].TimeSplit, read[i].TimeSplit);
        }

        Assert.False(read[10].Truth!.TrafficPresent);
    }

    [Fact]
    public async Task AnObservedFileHasNoLabels()
    {
        var bytes = await DatasetSamples.WriteAsync(DatasetFormat.Parquet, DatasetColumnSet.Observed, DatasetSamples.Rows(5));

        await using var reader = await DatasetParquetReader.OpenAsync(new MemoryStream(bytes));
        var read = await reader.ReadRowsAsync().ToListAsync();

        Assert.False(reader.HasGroundTruth || reader.HasProvenance);
        Assert.All(read, r => Assert.Null(r.Truth));
        Assert.All(read, r => Assert.Null(r.Split));
    }
}
