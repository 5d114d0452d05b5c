using DigitalTwin.EndToEnd.Tests.Infrastructure;
using DigitalTwin.TestSupport;

namespace DigitalTwin.EndToEnd.Tests.Mqtt;

/// <summary>
/// A host without IPv6, as many pods and containers are: the silo starts and its broker takes devices on both the
/// plain and the TLS port over IPv4. It once stopped at start-up, binding the IPv6 listeners unconditionally.
/// The silo runs in a network namespace of its own with IPv6 switched off (needs root and iproute2).
/// </summary>
public sealed class Ipv4OnlyHostTests
{
    [Fact]
    public async Task TheSiloStartsAndTakesDevicesOnAHostWithoutIPv6()
    {
        var space = $"dtn-v4-{Guid.NewGuid():N}"[..14];
        var files = Directory.CreateTempSubdirectory("dtn-e2e-v4-");
        await MustAsync("ip", "netns", "add", space);
        try
        {
            await MustAsync("ip", "netns", "exec", space, "ip", "link", "set", "lo", "up");
            await MustAsync("ip", "netns", "exec", space, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.lo.disable_ipv6=1");

            using var authority = TestCertificateAuthority.Create();
            using var server = authority.IssueServer();
            var directory = files.FullName;
            var (certificate, key) = TestCertificateAuthority.WritePem(server, directory, "server");
            var caFile = TestCertificateAuthority.WriteBundle(Path.Combine(directory, "ca.pem"), authority.Certificate);
            const int http = 18090, plain = 18893, tls = 18894;
            await using var silo = ProgramProcess.StartVia(["ip", "netns", "exec", space], "Silo",
            [
                $"--Urls=http://127.0.0.1:{http}", $"--Mqtt:Port={plain}", "--Mqtt:Tls:Enabled=true", $"--Mqtt:Tls:Port={tls}",
                $"--Mqtt:Tls:CertificatePath={certificate}", $"--Mqtt:Tls:KeyPath={key}",
                "--Orleans:SiloPort=21411", "--Orleans:GatewayPort=31411",
            ]);

            await Eventually.GetAsync(
                async () => await ExternalTool.RunAsync("ip", "netns", "exec", space, "curl", "-s", $"http://127.0.0.1:{http}/health/ready"),
                ready => ready.Output.Contains("\"ready\"", StringComparison.Ordinal) || silo.HasExited,
                what: "the silo ready");
            Assert.False(silo.HasExited, $"the silo stopped:\n{silo.Tail}");

            var overPlain = await ExternalTool.RunAsync("ip", "netns", "exec", space, "mosquitto_pub", "-h", "127.0.0.1", "-p", plain.ToString(), "-i", "v4-plain", "-q", "1", "-t", "device/v4-plain/telemetry", "-m", """{"temperature":1}""");
            Assert.True(overPlain.ExitCode == 0, overPlain.Output);
            var overTls = await ExternalTool.RunAsync("ip", "netns", "exec", space, "mosquitto_pub", "-h", "127.0.0.1", "-p", tls.ToString(), "--cafile", caFile, "--insecure", "-i", "v4-tls", "-q", "1", "-t", "device/v4-tls/telemetry", "-m", """{"temperature":2}""");
            Assert.True(overTls.ExitCode == 0, overTls.Output);
            Assert.True(await silo.TerminateAsync(TimeSpan.FromSeconds(30)), "the silo did not stop within 30 s");
            Assert.DoesNotContain(silo.Output, line => line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal));
        }
        finally
        {
            await ExternalTool.RunAsync("ip", "netns", "delete", space);
            files.Delete(recursive: true);
        }
    }

    private static async Task MustAsync(string tool, params string[] args)
    {
        var (exit, output) = await ExternalTool.RunAsync(tool, args);
        Assert.True(exit == 0, $"{tool} {string.Join(' ', args)}: {output}");
    }
}
