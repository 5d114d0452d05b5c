using System.Text;
using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Tests.Dataset;

public sealed class DatasetCsvTests
{
    [Fact]
    public async Task HeaderListsIdentityProvenanceFeaturesAndGroundTruthInOrder()
    {
        var text = Encoding.UTF8.GetString(await DatasetSamples.WriteAsync(DatasetFormat.Csv, DatasetColumnSet.Labelled, DatasetSamples.Rows(1)));
        var header = text[..text.IndexOf("\r\n", StringComparison.Ordinal)].Split(',');

        Assert.Equal(DatasetColumns.For(DatasetColumnSet.Labelled), header);
        Assert.Equal(["device_id", "device_type", "window_start", "window_end", "window_seconds", "schema_version"], header[..6]);
        Assert.Equal("packets_in", header[11]);
        Assert.Equal(FeatureCatalog.Count + 18, header.Length);
        Assert.Equal("offset_time", header[^1]);
    }

    [Fact]
    public async Task ObservedRowsCarryNoProvenanceOrGroundTruth()
    {
        var text = Encoding.UTF8.GetString(await DatasetSamples.WriteAsync(DatasetFormat.Csv, DatasetColumnSet.Observed, DatasetSamples.Rows(6)));

        var header = text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        Assert.Equal(string.Join(',', DatasetColumns.Identity.Append("schema_version").Concat(DatasetColumns.Features)), header);
        Assert.DoesNotContain("beacon", text, StringComparison.Ordinal);
        Assert.DoesNotContain("unit-test", text, StringComparison.Ordinal);
        Assert.DoesNotContain("anomalous", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WritesInvariantRoundTripNumbersUtcTimesAndQuotedJson()
    {
        var values = new double[FeatureCatalog.Count];
        values[(int)NetworkFeature.PacketRateMean] = 0.1 + 0.2;
        values[(int)NetworkFeature.Jitter] = double.NaN;
        var window = new NetworkWindow(new DateTimeOffset(2026, 1, 5, 1, 0, 0, TimeSpan.FromHours(1)), 10, values, schemaVersion: 1);
        var row = new DatasetRow("camera-0001", "camera", window, DatasetSamples.Provenance, "train", DatasetSamples.Beacon, "test");

        var text = Encoding.UTF8.GetString(await DatasetSamples.WriteAsync(DatasetFormat.Csv, DatasetColumnSet.Labelled, [row]));
        var line = text.Split("\r\n")[1];

        Assert.StartsWith("camera-0001,camera,2026-01-05T00:00:00Z,2026-01-05T00:00:10Z,10,1,sim-test,unit-test,42,train,test,", line);
        Assert.Contains(",0.30000000000000004,", line);
        Assert.EndsWith(",anomalous,beacon,steady,true,\"{\"\"period_s\"\":45,\"\"jitter\"\":0.2}\",2026-01-05T00:01:00Z,2026-01-05T00:31:00Z", line);
        Assert.EndsWith("\r\n", text);
    }

    [Fact]
    public async Task ReaderReadsBackWhatTheWriterWrote()
    {
        var rows = DatasetSamples.Rows(50).ToList();
        var bytes = await DatasetSamples.WriteAsync(DatasetFormat.Csv, DatasetColumnSet.Labelled, rows);

        var reader = new DatasetCsvReader(new StreamReader(new MemoryStream(bytes)));
        var read = reader.ReadRows().ToList();

        Assert.True(reader.HasFeatures && reader.HasGroundTruth && reader.HasProvenance);
        Assert.Equal(rows.Count, read.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i].DeviceId, read[i].DeviceId);
            Assert.Equal(rows[i].Window.Start, read[i].Window.Start);
            Assert.Equal(rows[i].Window.Values, read[i].Window.Values);
            Assert.Equal(rows[i].Window.SchemaVersion, read[i].Window.SchemaVersion);
            Assert.Equal(rows[i].Truth, read[i].Truth);
            Assert.Equal(rows[i].Provenance, read[i].Provenance);
            Assert.Equal(rows[i].Split, read[i].Split);
            Assert.Equal(rows[i].TimeSplit, read[i].TimeSplit);
        }
    }

    [Fact]
    public async Task ReaderTakesTheGroundTruthFileWithoutFeatures()
    {
        var bytes = await DatasetSamples.WriteAsync(DatasetFormat.Csv, DatasetColumnSet.GroundTruth, DatasetSamples.Rows(10));

        var reader = new DatasetCsvReader(new StreamReader(new MemoryStream(bytes)));
        var read = reader.ReadRows().ToList();

        Assert.False(reader.HasFeatures);
        Assert.Equal(10, read.Count);
        Assert.All(read, r => Assert.True(double.IsNaN(r.Window[NetworkFeature.PacketsIn])));
        Assert.Equal(DatasetSamples.Beacon, read[5].Truth);
    }

    [Fact]
    public async Task EveryRowSaysItsOwnSchemaVersionInEveryColumnSet()
    {
        foreach (var set in Enum.GetValues<DatasetColumnSet>())
        {
            var bytes = await DatasetSamples.WriteAsync(DatasetFormat.Csv, set, DatasetSamples.Rows(8));

            var lines = Encoding.UTF8.GetString(bytes).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            var column = Array.IndexOf(lines[0].Split(','), "schema_version");
            Assert.Equal(5, column);
            Assert.Equal(Enumerable.Range(0, 8).Select(i => DatasetSamples.SchemaVersionOf(i).ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Skip(1).Select(l => l.Split(',')[column]));
        }
    }

    [Fact]
    public void AFileWithoutASchemaVersionColumnIsSchemaOne()
    {
        var csv = "device_id,device_type,window_start,window_end,window_seconds,packets_in\r\n" +
                  "camera-0001,camera,2026-01-05T00:00:00Z,2026-01-05T00:00:10Z,10,12\r\n";

        var row = Assert.Single(new DatasetCsvReader(new StringReader(csv)).ReadRows());

        Assert.Equal(1, row.Window.SchemaVersion);
    }

    [Fact]
    public async Task TrafficPresentFollowsThePhaseAndRoundTrips()
    {
        var bytes = await DatasetSamples.WriteAsync(DatasetFormat.Csv, DatasetColumnSet.Labelled, DatasetSamples.Rows(11));

        var lines = Encoding.UTF8.GetString(bytes).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        var column = Array.IndexOf(header, "traffic_present");
        var read = new DatasetCsvReader(new StreamReader(new MemoryStream(bytes))).ReadRows().ToList();

        Assert.Equal(Array.IndexOf(header, "phase") + 1, column);
        Assert.Equal("false", lines[1].Split(',')[column]);
        Assert.Equal("true", lines[6].Split(',')[column]);
        Assert.Equal("true", lines[2].Split(',')[column]);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => DatasetSamples.TruthOf(i).TrafficPresent), read.Select(r => r.Truth!.TrafficPresent));
    }

    [Fact]
    public void AFileWithoutATrafficPresentColumnReadsEveryWindowAsHoldingItsTraffic()
    {
        var csv = "device_id,device_type,window_start,window_end,window_seconds,schema_version,label,class,phase,parameters,onset_time,offset_time\r\n" +
                  "camera-0001,camera,2026-01-05T00:00:00Z,2026-01-05T00:00:10Z,10,2,anomalous,beacon,steady,{},2026-01-05T00:00:00Z,2026-01-05T01:00:00Z\r\n";

        var row = Assert.Single(new DatasetCsvReader(new StringReader(csv)).ReadRows());

        Assert.True(row.Truth!.TrafficPresent);
        Assert.Equal("beacon", row.Truth.Class);
    }

    [Fact]
    public void ReaderRefusesATrafficPresentThatIsNotTrueOrFalse()
    {
        var csv = "device_id,device_type,window_start,window_end,window_seconds,label,class,phase,traffic_present\r\n" +
                  "camera-0001,camera,2026-01-05T00:00:00Z,2026-01-05T00:00:10Z,10,normal,normal,none,yes\r\n";
        var reader = new DatasetCsvReader(new StringReader(csv));

        var error = Assert.Throws<FormatException>(() => reader.ReadRows().ToList());

        Assert.Contains("line 2, column 'traffic_present'", error.Message);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("")]
    [InlineData("two")]
    public void ReaderRefusesASchemaVersionItDoesNotKnow(string version)
    {
        var csv = "device_id,device_type,window_start,window_end,window_seconds,schema_version,packets_in\r\n" +
                  $"camera-0001,camera,2026-01-05T00:00:00Z,2026-01-05T00:00:10Z,10,{version},12\r\n";
        var reader = new DatasetCsvReader(new StringReader(csv));

        var error = Assert.Throws<FormatException>(() => reader.ReadRows().ToList());

        Assert.Contains("line 2, column 'schema_version'", error.Message);
    }

    [Fact]
    public void ReaderNamesTheLineAndColumnOfABadValue()
    {
        var csv = "device_id,device_type,window_start,window_end,window_seconds,packets_in\r\n" +
                  "camera-0001,camera,2026-01-05T00:00:00Z,2026-01-05T00:00:10Z,10,twelve\r\n";
        var reader = new DatasetCsvReader(new StringReader(csv));

        var error = Assert.Throws<FormatException>(() => reader.ReadRows().ToList());

        Assert.Contains("line 2", error.Message);
        Assert.Contains("packets_in", error.Message);
    }

    [Fact]
    public void ReaderRejectsAHeaderWithoutIdentity()
    {
        var error = Assert.Throws<FormatException>(() => new DatasetCsvReader(new StringReader("device_id,packets_in\r\n")));

        Assert.Contains("device_type", error.Message);
    }

    [Fact]
    public async Task IdenticalRowsGiveIdenticalBytes()
    {
        var first = await DatasetSamples.WriteAsync(DatasetFormat.Csv, DatasetColumnSet.Labelled, DatasetSamples.Rows(3000));
        var second = await DatasetSamples.WriteAsync(DatasetFormat.Csv, DatasetColumnSet.Labelled, DatasetSamples.Rows(3000));

        Assert.Equal(first, second);
    }
}
