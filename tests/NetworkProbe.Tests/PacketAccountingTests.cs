using System.Net;
using DigitalTwin.NetworkProbe.Tests.Capture;
using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// Counts, sizes, rates and protocol shares of every host's windows equal what tshark finds in the same capture of
/// mixed traffic: HTTP, DNS, ICMP echo over IPv4 and IPv6, two clients.
/// </summary>
[Collection(NetworkLabCollection.Name)]
public sealed class PacketAccountingTests(NetworkLab lab)
{
    private static readonly string[] DirectFeatures =
    [
        "packets_in", "packets_out", "bytes_in", "bytes_out", "packet_rate_mean", "packet_rate_peak",
        "tcp_ratio", "udp_ratio", "icmp_ratio", "other_ratio", "payload_size_mean", "payload_size_std",
        "listening_ports",
    ];

    private static Task<ProbedCapture>? _mixed;

    [Fact]
    public async Task EveryHostHasAWindowForEachWindowInWhichItSentOrReceived()
    {
        var capture = await MixedAsync();
        var problems = new List<string>();
        foreach (var host in Addresses())
        {
            var traffic = capture.Of(host);
            Assert.NotEmpty(traffic.Packets);
            var reported = capture.Windows.Of(DeviceIds.Of(host)).Select(w => w.Start).ToList();
            if (!traffic.WindowStarts.SequenceEqual(reported))
            {
                problems.Add($"{DeviceIds.Of(host)}: packets in [{string.Join(", ", traffic.WindowStarts.Select(s => s.ToString("HH:mm:ss")))}], "
                    + $"windows reported [{string.Join(", ", reported.Select(s => s.ToString("HH:mm:ss")))}]");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task WindowsAreAlignedToMultiplesOfTheirLengthAndNamedNetworkHosts()
    {
        var capture = await MixedAsync();
        Assert.All(capture.Windows.Rows, w =>
        {
            Assert.Equal(0, w.Start.ToUnixTimeSeconds() % ProbedCapture.WindowSeconds);
            Assert.Equal(w.Start.AddSeconds(ProbedCapture.WindowSeconds), w.End);
            Assert.Equal(ProbedCapture.WindowSeconds, w.Seconds);
            Assert.Equal("network_host", w.DeviceType);
        });
    }

    [Fact]
    public async Task CountsSizesRatesAndSharesOfEachWindowAreThoseOfItsPackets()
    {
        var capture = await MixedAsync();
        var failures = new List<string>();
        foreach (var host in Addresses())
        {
            try
            {
                FeatureComparison.AssertWindowsMatch(capture, host, DirectFeatures);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                failures.Add(e.Message);
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task DistinctDestinationIpsAreTheAddressesTheHostExchangedPacketsWith()
    {
        var capture = await MixedAsync();
        foreach (var host in new[] { lab.Server.IPv4, lab.Client.IPv4, lab.Scanner.IPv4 })
        {
            foreach (var window in capture.Windows.Of(DeviceIds.Of(host)))
            {
                Assert.Equal(capture.Of(host).DistinctRemotes(window.Start), window["distinct_destination_ips"]);
            }
        }
    }

    [Fact]
    public async Task NoPacketIsLostOrCountedTwiceAcrossHosts()
    {
        var capture = await MixedAsync();
        var devices = Addresses().Select(DeviceIds.Of).ToHashSet();
        var sentByDevices = capture.Packets.Count(p => Addresses().Contains(p.Source));
        var probeSent = capture.Windows.Rows.Where(r => devices.Contains(r.DeviceId)).Sum(r => r["packets_out"]);
        Assert.Equal(sentByDevices, probeSent);
    }

    private IPAddress[] Addresses() =>
        [lab.Server.IPv4, lab.Client.IPv4, lab.Scanner.IPv4, lab.Server.IPv6, lab.Client.IPv6];

    private Task<ProbedCapture> MixedAsync() => _mixed ??= ProbedCapture.RecordAsync(lab, "mixed", async () =>
    {
        await lab.RunCheckedAsync(lab.Client, "curl", "-sS", "-o", "/dev/null", "--max-time", "20", $"http://{lab.Server.IPv4}/hello.txt");
        await lab.RunCheckedAsync(lab.Client, "dig", "+tries=1", "+time=3", $"@{lab.Server.IPv4}", "printer.lab");
        await lab.RunCheckedAsync(lab.Client, "ping", "-c", "3", "-i", "0.2", lab.Server.IPv4.ToString());
        await lab.RunCheckedAsync(lab.Client, "ping", "-6", "-c", "2", "-i", "0.2", lab.Server.IPv6.ToString());
        await lab.RunCheckedAsync(lab.Scanner, "curl", "-sS", "-o", "/dev/null", "--max-time", "20", $"http://{lab.Server.IPv4}/big.bin");
        await lab.RunCheckedAsync(lab.Scanner, "ping", "-c", "2", "-i", "0.2", lab.Server.IPv4.ToString());
    });
}
