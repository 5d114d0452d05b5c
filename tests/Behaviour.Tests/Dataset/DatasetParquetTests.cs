using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;
using Parquet;
using Parquet.Schema;

namespace DigitalTwin.Behaviour.Tests.Dataset;

public sealed class DatasetParquetTests
{
    [Fact]
    public async Task IdenticalRowsGiveIdenticalBytes()
    {
        var first = await DatasetSamples.WriteAsync(DatasetFormat.Parquet, DatasetColumnSet.Labelled, DatasetSamples.Rows(2500));
        await Task.Delay(1100);
        var second = await DatasetSamples.WriteAsync(DatasetFormat.Parquet, DatasetColumnSet.Labelled, DatasetSamples.Rows(2500));

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ColumnsFollowTheColumnSetAndRowGroupsBoundMemory()
    {
        var bytes = await DatasetSamples.WriteAsync(DatasetFormat.Parquet, DatasetColumnSet.Labelled, DatasetSamples.Rows(2500), rowGroupRows: 1000);

        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes));

        Assert.Equal(DatasetColumns.For(DatasetColumnSet.Labelled), reader.Schema.DataFields.Select(f => f.Name));
        Assert.Equal(3, reader.RowGroupCount);
        Assert.Empty(reader.CustomMetadata ?? new Dictionary<string, string>());
    }

    [Fact]
    public async Task ReadsBackValuesTimesAndGroundTruth()
    {
        var rows = DatasetSamples.Rows(20).ToList();
        var bytes = await DatasetSamples.WriteAsync(DatasetFormat.Parquet, DatasetColumnSet.Labelled, rows);

        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes));
        var group = reader.OpenRowGroupReader(0);
        var fields = reader.Schema.DataFields;

        var ids = new string?[20];
        await group.ReadAsync(Field(fields, "device_id"), ids.AsMemory());
        var starts = new DateTime[20];
        await group.ReadAsync<DateTime>(Field(fields, "window_start"), starts.AsMemory());
        var jitter = new double?[20];
        await group.ReadAsync<double>(Field(fields, "jitter"), jitter.AsMemory());
        var classes = new string?[20];
        await group.ReadAsync(Field(fields, "class"), classes.AsMemory());
        var timeSplits = new string?[20];
        await group.ReadAsync(Field(fields, "time_split"), timeSplits.AsMemory());
        var present = new bool[20];
        await group.ReadAsync<bool>(Field(fields, "traffic_present"), present.AsMemory());
        var onsets = new DateTime?[20];
        await group.ReadAsync<DateTime>(Field(fields, "onset_time"), onsets.AsMemory());

        Assert.Equal(rows.Select(r => r.DeviceId), ids);
        Assert.Equal(rows.Select(r => r.Window.Start.UtcDateTime), starts);
        Assert.Null(jitter[0]);
        Assert.Equal(rows[1].Window[NetworkFeature.Jitter], jitter[1]);
        Assert.Equal("beacon", classes[5]);
        Assert.Equal("normal", classes[6]);
        Assert.Equal(DatasetSamples.Beacon.Onset!.Value.UtcDateTime, onsets[5]);
        Assert.Null(onsets[6]);
        Assert.Equal(rows.Select(r => r.Truth!.TrafficPresent), present);
        Assert.False(present[10]);
        Assert.Equal(rows.Select(r => r.TimeSplit), timeSplits);
        Assert.True(present[5]);
    }

    [Fact]
    public async Task ObservedFilesHaveNoLabelColumns()
    {
        var bytes = await DatasetSamples.WriteAsync(DatasetFormat.Parquet, DatasetColumnSet.Observed, DatasetSamples.Rows(5));

        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes));

        Assert.Equal(DatasetColumns.Identity.Append("schema_version").Concat(DatasetColumns.Features), reader.Schema.DataFields.Select(f => f.Name));
        var versions = new int[5];
        await reader.OpenRowGroupReader(0).ReadAsync<int>(Field(reader.Schema.DataFields, "schema_version"), versions.AsMemory());
        Assert.Equal(Enumerable.Range(0, 5).Select(DatasetSamples.SchemaVersionOf), versions);
    }

    [Fact]
    public async Task AnEmptyDatasetIsAValidFile()
    {
        var bytes = await DatasetSamples.WriteAsync(DatasetFormat.Parquet, DatasetColumnSet.Labelled, []);

        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(bytes));

        Assert.Equal(DatasetColumns.For(DatasetColumnSet.Labelled).Count, reader.Schema.DataFields.Length);
    }

    private static DataField Field(DataField[] fields, string name) => fields.Single(f => f.Name == name);
}
