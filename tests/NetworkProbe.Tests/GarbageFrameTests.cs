using DigitalTwin.NetworkProbe.Tests.Capture;
using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>A well-formed file of malformed frames is read to the end: garbage frames are skipped, never a crash.</summary>
public sealed class GarbageFrameTests : IDisposable
{
    private const int FrameCount = 100_000;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("dtn-probe-garbage-");

    [Fact]
    public async Task AHundredThousandRandomFramesAreReadWithoutACrash()
    {
        var capture = Path.Combine(_directory.FullName, "garbage.pcap");
        WriteGarbage(capture, seed: 20261206);
        var output = Path.Combine(_directory.FullName, "garbage.csv");

        var result = await ProbeProgram.ReadAsync(capture, NetworkLab.Devices, output);

        Assert.True(result.Succeeded, $"exit {result.ExitCode}: {result.Error}");
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(90), $"reading {FrameCount} frames took {result.Elapsed}");
        var windows = ObservedWindows.Read(output);
        Assert.Contains("device_id", windows.Header);
        Assert.Contains("packets_in", windows.Header);
    }

    [Fact]
    public async Task FramesStampedBefore2000OrAfterTomorrowAreSkippedAndCountedAndTheRestIsRead()
    {
        var capture = Path.Combine(_directory.FullName, "times.pcap");
        var past = DateTimeOffset.FromUnixTimeSeconds(1_765_000_000);
        using (var writer = new PcapFileWriter(File.Create(capture)))
        {
            writer.Write(past, Frames.UdpIPv4(10));
            writer.Write(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero), Frames.UdpIPv4(10));
            writer.Write(new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.Zero), Frames.UdpIPv4(10));
            writer.Write(past.AddSeconds(1), Frames.UdpIPv4(10));
        }

        var output = Path.Combine(_directory.FullName, "times.csv");
        var result = await ProbeProgram.ReadAsync(capture, NetworkLab.Devices, output);

        Assert.True(result.Succeeded, $"exit {result.ExitCode}: {result.Error}");
        Assert.Contains("2 with impossible timestamps", result.Output, StringComparison.Ordinal);
        var windows = ObservedWindows.Read(output);
        var window = Assert.Single(windows.Rows);
        Assert.Equal(2, window["packets_out"]);
    }

    public void Dispose() => _directory.Delete(recursive: true);

    /// <summary>
    /// Frames of random length (0 to 1,600 bytes) and random bytes; a third claim IPv4, IPv6 or a VLAN tag in the
    /// Ethernet type so the garbage reaches the IP and transport parsers, and some of those carry lab addresses.
    /// </summary>
    private static void WriteGarbage(string path, int seed)
    {
        var random = new Random(seed);
        using var writer = new PcapFileWriter(File.Create(path));
        var time = DateTimeOffset.UnixEpoch.AddSeconds(1_765_000_000);
        var frame = new byte[1600];
        for (var i = 0; i < FrameCount; i++)
        {
            var length = random.Next(0, frame.Length + 1);
            var bytes = frame.AsSpan(0, length);
            random.NextBytes(bytes);
            if (length >= 34 && random.Next(3) == 0)
            {
                ushort[] types = [0x0800, 0x86dd, 0x8100];
                var type = types[random.Next(types.Length)];
                bytes[12] = (byte)(type >> 8);
                bytes[13] = (byte)type;
                if (type == 0x0800 && random.Next(2) == 0)
                {
                    bytes[14] = 0x45;
                    bytes[26] = 10;
                    bytes[27] = 77;
                }
            }

            time = time.AddTicks(random.Next(0, 20_000));
            writer.Write(time, bytes);
        }
    }
}
