using DigitalTwin.Behaviour.Dataset;
using DigitalTwin.DeviceSimulator.Dataset;
using DigitalTwin.DeviceSimulator.Scenarios;
using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Tests.Dataset;

public sealed class GenerateCommandTests
{
    private static async Task<(int Code, string Output, string Error)> Generate(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await GenerateCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static Task<(int Code, string Output, string Error)> Small(string folder, params string[] more) =>
        Generate(["--devices", "40", "--days", "0.25", "--out", folder, .. more]);

    [Fact]
    public async Task TheSameSeedGivesByteIdenticalFiles()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        Assert.Equal(0, (await Small(first.Path)).Code);
        Assert.Equal(0, (await Small(second.Path)).Code);

        foreach (var name in new[] { "default.csv", "default.parquet", "default.ground_truth.csv" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(first.File(name)), await File.ReadAllBytesAsync(second.File(name)));
        }
    }

    [Fact]
    public async Task ADifferentSeedGivesDifferentFiles()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();

        await Small(first.Path, "--format", "csv");
        await Small(second.Path, "--format", "csv", "--seed", "99");

        Assert.NotEqual(await File.ReadAllBytesAsync(first.File("default.csv")), await File.ReadAllBytesAsync(second.File("default.csv")));
        Assert.False(File.Exists(first.File("default.parquet")));
    }

    [Fact]
    public async Task RowsCoverEveryDeviceAndWindowAndNoDeviceIsInBothSplits()
    {
        using var folder = new TempFolder();

        var (code, output, _) = await Small(folder.Path, "--format", "csv");

        Assert.Equal(0, code);
        Assert.Contains("rows: 86400", output);
        Assert.Contains("rows/s:", output);
        using var text = File.OpenText(folder.File("default.csv"));
        var rows = new DatasetCsvReader(text).ReadRows().ToList();
        Assert.Equal(40 * 2_160, rows.Count);
        var splits = rows.GroupBy(r => r.DeviceId).ToDictionary(g => g.Key, g => g.Select(r => r.Split).Distinct().ToList());
        Assert.Equal(40, splits.Count);
        Assert.All(splits.Values, s => Assert.Single(s));
        var scenario = ScenarioFile.Load(ScenarioFile.DefaultPath);
        scenario.Devices = 40;
        scenario.Days = 0.25;
        var plan = ScenarioPlan.Create(scenario);
        Assert.All(plan.Devices, d => Assert.Equal(d.Split, splits[d.Id][0]));
        var cut = new DateTimeOffset(2026, 1, 5, 4, 48, 0, TimeSpan.Zero);
        Assert.All(rows, r => Assert.Equal(r.Window.Start < cut ? "train" : "test", r.TimeSplit));
        Assert.All(rows, r => Assert.Equal(new DatasetProvenance("default", 20260105, DeviceBehaviour.GeneratorVersion), r.Provenance));
    }

    [Fact]
    public async Task TheGroundTruthFileMatchesTheDatasetRowForRow()
    {
        using var folder = new TempFolder();

        await Small(folder.Path, "--format", "csv");

        using var dataText = File.OpenText(folder.File("default.csv"));
        using var truthText = File.OpenText(folder.File("default.ground_truth.csv"));
        var truthReader = new DatasetCsvReader(truthText);
        Assert.False(truthReader.HasFeatures);
        var data = new DatasetCsvReader(dataText).ReadRows().ToList();
        var truths = truthReader.ReadRows().ToList();
        Assert.Equal(data.Count, truths.Count);
        Assert.Equal(data.Select(r => (r.DeviceId, r.Window.Start, r.Truth)), truths.Select(r => (r.DeviceId, r.Window.Start, r.Truth)));
    }

    [Theory]
    [InlineData("--bogus", "1")]
    [InlineData("--format", "xml")]
    [InlineData("--devices", "0")]
    [InlineData("--days", "ten")]
    [InlineData("--test-share", "1.5")]
    [InlineData("--window", "0.5")]
    public async Task BadOptionsExitWithCodeTwoAndSayWhy(string option, string value)
    {
        var (code, _, error) = await Generate(option, value);

        Assert.Equal(2, code);
        Assert.Contains(option, error);
        Assert.Contains("Usage: generate", error);
    }

    [Fact]
    public async Task ABadScenarioFileExitsWithCodeTwoNamingTheField()
    {
        using var folder = new TempFolder();
        var path = folder.File("bad.json");
        await File.WriteAllTextAsync(path, """{ "scenario_id": "bad", "seed": 1, "fleet": { "camera": 1 }, "anomalies": [ { "class": "beacon", "device_share": 0.1, "parameters": { "jitter": -1 } } ] }""");

        var (code, _, error) = await Generate("--scenario", path, "--out", folder.Path);

        Assert.Equal(2, code);
        Assert.Contains("$.anomalies[0].parameters.jitter", error);
    }

    [Fact]
    public async Task HelpExitsWithCodeZero()
    {
        var (code, output, _) = await Generate("--help");

        Assert.Equal(0, code);
        Assert.Contains("--test-share", output);
    }

    [Fact]
    public async Task PcapWritesTheRunsPacketsAndAHostMapBesideTheDataset()
    {
        using var folder = new TempFolder();
        var pcap = folder.File("run.pcap");

        var (code, output, error) = await Generate("--devices", "3", "--days", "0.002", "--format", "csv", "--out", folder.Path, "--pcap", pcap);

        Assert.True(code == 0, error);
        Assert.Contains("pcap: ", output);
        Assert.True(File.Exists(folder.File("default.csv")));
        var packets = DigitalTwin.DeviceSimulator.Tests.Packets.SimulatedCaptureTests.ReadPcap(pcap);
        Assert.NotEmpty(packets);
        Assert.True(packets.Zip(packets.Skip(1)).All(p => p.First.TimeMicros <= p.Second.TimeMicros), "packets in time order");

        // Warm-up included: the first packets come an hour before the first window.
        var firstWindow = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        Assert.True(packets[0].TimeMicros < firstWindow - 3_000_000_000L);
        var map = await File.ReadAllLinesAsync(pcap + ".hosts.csv");
        Assert.Equal("address,device_id,device_type", map[0]);
        Assert.Equal(4, map.Length);
        Assert.StartsWith($"{DeviceBehaviour.AddressOf(0)},", map[1]);
    }

    [Theory]
    [InlineData("--devices", "20", "--days", "1")]
    [InlineData("--devices", "24", "--days", "0.001")]
    public async Task PcapRefusesRunsTooLargeForACapture(params string[] size)
    {
        using var folder = new TempFolder();

        var (code, _, error) = await Generate([.. size, "--out", folder.Path, "--pcap", folder.File("run.pcap")]);

        Assert.Equal(2, code);
        Assert.Contains("--pcap is for short runs", error);
        Assert.False(File.Exists(folder.File("run.pcap")));
    }

    [Fact]
    public async Task PcapRefusesAFolderOrNoName()
    {
        using var folder = new TempFolder();

        Assert.Equal(2, (await Generate("--devices", "1", "--days", "0.001", "--out", folder.Path, "--pcap", folder.Path)).Code);
        Assert.Equal(2, (await Generate("--devices", "1", "--days", "0.001", "--out", folder.Path, "--pcap")).Code);
    }
}
