using DigitalTwin.NetworkProbe.Tests.Capture;
using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>Input the probe cannot read ends it with a non-zero exit and one clear line on stderr, quickly and without a stack trace.</summary>
public sealed class BadInputTests : IDisposable
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(15);

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-probe-input-");

    [Fact]
    public async Task AFileWithAPcapMagicAndGarbageAfterIsRefused()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        BitConverter.GetBytes(PcapFileWriter.Magic).CopyTo(bytes, 0);
        await AssertRefusedAsync(await WriteAsync("garbage.pcap", bytes));
    }

    [Fact]
    public async Task APcapCutInTheMiddleOfARecordIsRefused()
    {
        var whole = new MemoryStream();
        using (var writer = new PcapFileWriter(whole))
        {
            for (var i = 0; i < 20; i++)
            {
                writer.Write(DateTimeOffset.UnixEpoch.AddSeconds(1_765_000_000 + i), Frames.UdpIPv4(i));
            }

            var bytes = whole.ToArray();
            await AssertRefusedAsync(await WriteAsync("cut.pcap", bytes[..(bytes.Length - 25)]));
        }
    }

    [Fact]
    public async Task AnEmptyFileIsRefused() => await AssertRefusedAsync(await WriteAsync("empty.pcap", []));

    [Fact]
    public async Task AMissingFileIsRefused() => await AssertRefusedAsync(Path.Combine(_directory.FullName, "missing.pcap"));

    [Fact]
    public async Task ATextFileIsRefused() =>
        await AssertRefusedAsync(await WriteAsync("notes.pcap", "this is not a capture\nbut a text file\n"u8.ToArray()));

    [Fact]
    public async Task LiveCaptureOnAnUnknownInterfaceIsRefused()
    {
        var result = await ProbeProgram.RunAsync(
            ["live", "--interface", "dtn-no-such0", "--devices", NetworkLab.Devices, "--out", Path.Combine(_directory.FullName, "live.csv")],
            TimeSpan.FromSeconds(60));
        AssertOneClearLine(result);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private async Task<string> WriteAsync(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory.FullName, name);
        await File.WriteAllBytesAsync(path, bytes);
        return path;
    }

    private async Task AssertRefusedAsync(string capture)
    {
        var result = await ProbeProgram.ReadAsync(capture, NetworkLab.Devices, Path.Combine(_directory.FullName, "out.csv"));
        AssertOneClearLine(result);
        Assert.True(result.Elapsed < Quickly, $"the probe took {result.Elapsed} to refuse {capture}");
    }

    private static void AssertOneClearLine(CommandResult result)
    {
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, $"stderr is to be one line, was:\n{result.Error}");
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.True(lines[0].Length >= 10, $"the message is to say what is wrong: \"{lines[0]}\"");
    }
}
