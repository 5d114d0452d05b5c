using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// A connection to a closed port, refused with a reset, is one failed connection of the client that tried, and none
/// of the server that refused it.
/// </summary>
[Collection(NetworkLabCollection.Name)]
public sealed class RefusedConnectionTests(NetworkLab lab)
{
    private const int ClosedPort = 81;

    [Fact]
    public async Task ARefusedConnectionIsOneFailureOfTheClientAndOneOfTheServerThatRefusedIt()
    {
        var capture = await ProbedCapture.RecordAsync(lab, "refused", async () =>
        {
            // An exchange first, so both hosts have sent and are known before the refused attempt.
            await lab.RunCheckedAsync(lab.Client, "curl", "-sS", "-o", "/dev/null", "--max-time", "20", $"http://{lab.Server.IPv4}/hello.txt");
            var result = await lab.RunAsync(lab.Client, "curl", "-sS", "--max-time", "20", $"http://{lab.Server.IPv4}:{ClosedPort}/");
            Assert.Equal(7, result.ExitCode); // curl: failed to connect
        });

        var client = capture.Of(lab.Client.IPv4);
        Assert.Single(client.Sent, p => p.Tcp is { Syn: true, Ack: false } && p.DestinationPort == ClosedPort);
        Assert.Single(client.Received, p => p.Tcp is { Rst: true } && p.SourcePort == ClosedPort);
        Assert.Equal(1, capture.Windows.Sum(lab.Client.DeviceId, "failed_connections"));
        Assert.Equal(2, capture.Windows.Sum(lab.Client.DeviceId, "sessions_opened"));
        Assert.Equal(2, capture.Windows.Sum(lab.Client.DeviceId, "distinct_destination_ports")); // 80 and 81
        // failed_connections counts attempts made or received: the server refused this one.
        Assert.Equal(1, capture.Windows.Sum(lab.Server.DeviceId, "failed_connections"));
    }
}
