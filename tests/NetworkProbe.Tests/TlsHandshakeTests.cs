using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>TLS handshakes counted from ClientHellos, failures from handshakes that end in an alert.</summary>
[Collection(NetworkLabCollection.Name)]
public sealed class TlsHandshakeTests(NetworkLab lab)
{
    [Fact]
    public async Task ACompletedHandshakeCountsOneHandshakeAndNoFailure()
    {
        var capture = await ProbedCapture.RecordAsync(lab, "tls", () =>
            lab.RunCheckedAsync(lab.Client, "curl", "-sS", "-k", "-o", "/dev/null", "--max-time", "20", $"https://{lab.Server.IPv4}:{NetworkLab.TlsPort}/"));

        var client = capture.Of(lab.Client.IPv4);
        Assert.Single(client.Sent, p => p.TlsHandshakeType == 1);
        Assert.DoesNotContain(client.Packets, p => p.TlsAlert && p.Source.Equals(lab.Server.IPv4));
        Assert.Equal(1, capture.Windows.Sum(lab.Client.DeviceId, "tls_handshakes"));
        Assert.Equal(0, capture.Windows.Sum(lab.Client.DeviceId, "tls_failures"));
        Assert.Equal(0, capture.Windows.Sum(lab.Client.DeviceId, "failed_connections"));
    }

    [Fact]
    public async Task AHandshakeTheServerEndsWithAnAlertCountsAsAFailure()
    {
        // A TLS 1.2-only client against a TLS 1.3-only server: the server answers the ClientHello with a
        // protocol_version alert.
        var capture = await ProbedCapture.RecordAsync(lab, "tls-alert", async () =>
        {
            var result = await lab.RunAsync(lab.Client, "timeout", "20", "openssl", "s_client", "-tls1_2",
                "-connect", $"{lab.Server.IPv4}:{NetworkLab.Tls13OnlyPort}");
            Assert.NotEqual(0, result.ExitCode);
        });

        var client = capture.Of(lab.Client.IPv4);
        Assert.Single(client.Sent, p => p.TlsHandshakeType == 1);
        Assert.Contains(client.Received, p => p.TlsAlert);
        Assert.Equal(1, capture.Windows.Sum(lab.Client.DeviceId, "tls_handshakes"));
        Assert.Equal(1, capture.Windows.Sum(lab.Client.DeviceId, "tls_failures"));
    }
}
