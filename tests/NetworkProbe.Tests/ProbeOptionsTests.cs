using System.Buffers.Binary;
using DigitalTwin.NetworkProbe.Tests.Lab;
using Parquet;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// The probe's outputs and options on the golden capture: a map file names and types hosts (by IP or Ethernet address),
/// a labels file makes a labelled dataset, Parquet holds what CSV does, and every usage mistake is one clear line
/// with exit code 2 and no output file.
/// </summary>
public sealed class ProbeOptionsTests : IDisposable
{
    private static readonly string Golden = Path.Combine(AppContext.BaseDirectory, "Golden", "golden.pcap");

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-probe-options-");

    [Fact]
    public async Task AMapFileGivesHostsTheirIdsAndTypes()
    {
        var map = await WriteAsync("hosts.csv", "address,device_id,device_type\n# the lab's client\n10.77.0.10,camera-0001,camera\nfd00:77::1,printer-2\n");

        var windows = await ReadGoldenAsync("--devices", NetworkLab.Devices, "--map", map);

        Assert.All(windows.Of("camera-0001"), w => Assert.Equal("camera", w.DeviceType));
        Assert.NotEmpty(windows.Of("camera-0001"));
        Assert.All(windows.Of("printer-2"), w => Assert.Equal("network_host", w.DeviceType));
        Assert.NotEmpty(windows.Of("printer-2"));
        Assert.NotEmpty(windows.Of("ip-10-77-0-1"));
        Assert.DoesNotContain("ip-10-77-0-10", windows.DeviceIds);
    }

    [Fact]
    public async Task AHostMappedByItsEthernetAddressIsADeviceOutsideTheSubnets()
    {
        var mac = FirstSourceMac(Golden);
        var map = await WriteAsync("hosts.csv", $"{mac},client-by-mac,gateway\n");

        var windows = await ReadGoldenAsync("--devices", "fd00:77::/64", "--map", map);

        Assert.NotEmpty(windows.Of("client-by-mac"));
        Assert.All(windows.Of("client-by-mac"), w => Assert.Equal("gateway", w.DeviceType));
        Assert.DoesNotContain("ip-10-77-0-1", windows.DeviceIds);
    }

    [Fact]
    public async Task ALabelsFileMarksTheWindowsOfTheLabelledHostAndNoOthers()
    {
        var labels = await WriteAsync("labels.csv", "host,start,end,class\n10.77.0.10,2026-12-06T13:07:00Z,2026-12-06T13:08:00Z,port_scan\n");

        var windows = await ReadGoldenAsync("--devices", NetworkLab.Devices, "--labels", labels);

        var client = Assert.Single(windows.Of("ip-10-77-0-10"));
        Assert.Equal("anomalous", client.Fields["label"]);
        Assert.Equal("port_scan", client.Fields["class"]);
        Assert.Equal("steady", client.Fields["phase"]);
        Assert.Equal("golden", client.Fields["scenario_id"]);
        Assert.Equal("test", client.Fields["split"]);
        Assert.All(windows.Rows.Where(w => w.DeviceId != "ip-10-77-0-10"), w => Assert.Equal("normal", w.Fields["label"]));
    }

    [Fact]
    public async Task ParquetHoldsTheRowsCsvDoes()
    {
        var csv = await ReadGoldenAsync("--devices", NetworkLab.Devices);
        var path = Path.Combine(_directory.FullName, "windows.parquet");

        (await ProbeProgram.ReadAsync(Golden, NetworkLab.Devices, path)).EnsureSuccess();

        await using var stream = File.OpenRead(path);
        await using var reader = await ParquetReader.CreateAsync(stream);
        Assert.Equal(csv.Rows.Count, Enumerable.Range(0, reader.RowGroupCount).Sum(g => reader.OpenRowGroupReader(g).RowCount));
        Assert.Contains(reader.Schema.GetDataFields(), f => f.Name == "sessions_opened");
    }

    public static TheoryData<string, string[], string> UsageMistakes => new()
    {
        { "no devices", ["--out", "{out}"], "--devices" },
        { "two outputs", ["--devices", "10.0.0.0/8", "--out", "{out}", "--mqtt", "127.0.0.1:1883"], "exactly one output" },
        { "no output", ["--devices", "10.0.0.0/8"], "exactly one output" },
        { "labels without a file", ["--devices", "10.0.0.0/8", "--mqtt", "127.0.0.1:1883", "--labels", "{dir}/labels.csv"], "--labels" },
        { "bad subnet", ["--devices", "10.0.0.0/33", "--out", "{out}"], "prefix length" },
        { "not a subnet", ["--devices", "printer.lab", "--out", "{out}"], "not an IPv4 or IPv6 subnet" },
        { "unknown option", ["--devices", "10.0.0.0/8", "--out", "{out}", "--promiscuous"], "unknown option" },
        { "window too short", ["--devices", "10.0.0.0/8", "--out", "{out}", "--window-seconds", "0"], "--window-seconds" },
        { "wrong extension", ["--devices", "10.0.0.0/8", "--out", "{dir}/windows.txt"], ".csv or .parquet" },
        { "bad broker", ["--devices", "10.0.0.0/8", "--mqtt", "localhost:99999"], "port" },
        { "map missing", ["--devices", "10.0.0.0/8", "--out", "{out}", "--map", "{dir}/nothing.csv"], "cannot read" },
        { "password and its file", ["--devices", "10.0.0.0/8", "--mqtt", "127.0.0.1:1883", "--mqtt-username", "probe", "--mqtt-password", "typed", "--mqtt-password-file", "{dir}/password"], "give --mqtt-password or --mqtt-password-file, not both" },
        { "password file missing", ["--devices", "10.0.0.0/8", "--mqtt", "127.0.0.1:1883", "--mqtt-username", "probe", "--mqtt-password-file", "{dir}/nothing"], "--mqtt-password-file '" },
    };

    [Theory]
    [MemberData(nameof(UsageMistakes))]
    public async Task AUsageMistakeIsOneClearLineAndNoOutput(string mistake, string[] options, string said)
    {
        var output = Path.Combine(_directory.FullName, "out.csv");
        var arguments = options.Select(o => o.Replace("{out}", output).Replace("{dir}", _directory.FullName));

        var result = await ProbeProgram.RunAsync(["read", Golden, .. arguments]);

        AssertUsageError(result, said, mistake);
        Assert.False(File.Exists(output), $"{mistake}: an output file was written");
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        { "--map", "10.77.0.10,Camera 1,camera\n", ":1: 'Camera 1' is not a device id" },
        { "--map", "10.77.0.10,cam-1\n10.77.0.11,cam-1\n", ":2: device id 'cam-1' is already given to 10.77.0.10" },
        { "--map", "10.77.0.10,cam-1\n10.77.0.10,cam-2\n", ":2: '10.77.0.10' is mapped twice" },
        { "--map", "printer,cam-1\n", "neither an IP address nor an Ethernet address" },
        { "--map", "10.77.0.10,cam-1,1st-type\n", "is not a device type" },
        { "--labels", "10.77.0.10,yesterday,2026-12-06T13:08:00Z,port_scan\n", ":1: 'yesterday' is neither an ISO 8601 time nor Unix seconds" },
        { "--labels", "10.77.0.10,2026-12-06T13:08:00Z,2026-12-06T13:07:00Z,port_scan\n", "is not after the start" },
        { "--labels", "10.77.0.10,2026-12-06T13:07:00Z,2026-12-06T13:08:00Z,normal\n", "is not an anomaly class" },
        { "--labels", "10.77.0.10,2026-12-06T13:07:00Z,port_scan\n", "expected 'host,start,end,class'" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task ABadMapOrLabelsFileNamesTheLineAndWhatIsWrong(string option, string content, string said)
    {
        var file = await WriteAsync("input.csv", content);
        var output = Path.Combine(_directory.FullName, "out.csv");

        var result = await ProbeProgram.RunAsync(["read", Golden, "--devices", NetworkLab.Devices, "--out", output, option, file]);

        AssertUsageError(result, said, content);
        Assert.False(File.Exists(output));
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private static void AssertUsageError(CommandResult result, string said, string what)
    {
        Assert.True(result.ExitCode == 2, $"{what}: exit {result.ExitCode}\n{result.Error}");
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"{what}: stderr is to be one line, was:\n{result.Error}");
        Assert.Contains(said, lines[0], StringComparison.Ordinal);
    }

    private async Task<ObservedWindows> ReadGoldenAsync(params string[] options)
    {
        var output = Path.Combine(_directory.FullName, $"windows-{Guid.NewGuid():N}.csv");
        (await ProbeProgram.RunAsync(["read", Golden, "--out", output, .. options])).EnsureSuccess();
        return ObservedWindows.Read(output);
    }

    private async Task<string> WriteAsync(string name, string content)
    {
        var path = Path.Combine(_directory.FullName, name);
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    /// <summary>The sender's Ethernet address of the capture's first frame: after the 24-byte file header and the 16-byte record header, bytes 6-11.</summary>
    private static string FirstSourceMac(string capture)
    {
        var bytes = File.ReadAllBytes(capture);
        Assert.Equal(0xA1B2C3D4u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        return string.Join(':', bytes.AsSpan(24 + 16 + 6, 6).ToArray().Select(b => b.ToString("x2")));
    }
}
