using DigitalTwin.Behaviour.Dataset;

namespace DigitalTwin.ModelTrainer.Tests;

[Collection(TrainedModelCollection.Name)]
public sealed class LabelledWindowsTests(TrainedModelFixture fixture)
{
    [Fact]
    public async Task TheCsvAndParquetFilesOfOneRunReadTheSame()
    {
        var parquet = fixture.Data;
        var csv = await LabelledWindows.ReadAsync(fixture.CsvPath, CancellationToken.None);

        Assert.Equal(parquet.Count, csv.Count);
        Assert.Equal(parquet.Classes, csv.Classes);
        Assert.Equal(parquet.Bands, csv.Bands);
        Assert.Equal(parquet.Devices, csv.Devices);
        Assert.Equal(parquet.ClassOf, csv.ClassOf);
        Assert.Equal(parquet.Present, csv.Present);
        Assert.Equal(parquet.OnsetSeconds, csv.OnsetSeconds);
        Assert.Equal(parquet.StartSeconds, csv.StartSeconds);
        Assert.Equal(parquet.Provenance, csv.Provenance);
        for (var f = 0; f < parquet.Features.Length; f++)
        {
            Assert.Equal(parquet.Features[f], csv.Features[f]);
        }
    }

    [Fact]
    public void EpisodesAreNamedByDeviceAndOnset()
    {
        var data = fixture.Data;
        var anomalous = Enumerable.Range(0, data.Count).Where(i => data.ClassOf[i] != LabelledWindows.Normal).ToArray();

        Assert.NotEmpty(anomalous);
        Assert.All(anomalous, i => Assert.True(data.OnsetSeconds[i] <= data.StartSeconds[i]));
        Assert.All(Enumerable.Range(0, data.Count).Where(i => data.ClassOf[i] == LabelledWindows.Normal), i => Assert.Equal(LabelledWindows.NoEpisode, data.OnsetSeconds[i]));
        Assert.Equal(10, data.WindowSeconds);
    }
}
