using DigitalTwin.Behaviour.Features;
using DigitalTwin.Detection.Scoring;
using static DigitalTwin.Behaviour.Features.NetworkFeature;

namespace DigitalTwin.Detection.Tests.Scoring;

public sealed class BehaviourSignaturesTests
{
    /// <summary>
    /// The contributions of a real nmap SYN scan of 1,000 ports over loopback, scored against five seconds of the
    /// scanner's curl traffic (tests/EndToEnd.Tests' captured port scan). Eight volume features rose with it: counted one
    /// by one they outvoted the scan's own evidence and the window was named unclassified.
    /// </summary>
    [Fact]
    public void AScansVolumeDoesNotOutvoteTheFeaturesThatSayItIsAScan()
    {
        FeatureContribution[] scan =
        [
            Up(FailedConnections, 15), Up(RstIn, 15), Up(DistinctDestinationPorts, 13), Up(NewDestinations, 13),
            Up(SessionsOpened, 10), Up(SynOut, 10), Up(PacketsIn, 7), Up(PacketsOut, 7), Up(PacketRateMean, 7),
            Up(PacketRatePeak, 7), Down(PayloadSizeEntropy, 7), Up(BytesOut, 5), Up(BytesIn, 3), Down(FinOut, 3),
            Down(FinIn, 3), Up(PacketRate1m, 3),
        ];

        Assert.Equal(SuspectedBehaviour.PortScan, BehaviourSignatures.Name(scan));
    }

    [Fact]
    public void VolumeAloneIsATrafficSpike()
    {
        FeatureContribution[] spike = [Up(PacketsIn, 9), Up(PacketsOut, 8), Up(PacketRateMean, 9), Up(PacketRatePeak, 9), Up(BytesIn, 6)];

        Assert.Equal(SuspectedBehaviour.TrafficSpike, BehaviourSignatures.Name(spike));
    }

    [Fact]
    public void EvidenceSplitEvenlyBetweenTwoBehavioursNamesNeither()
    {
        // TLS failures say brute force, a long, random DNS name says a tunnel, equally: picking one would be a guess.
        FeatureContribution[] split = [Up(TlsFailures, 10), Up(DnsNameEntropyMean, 10)];

        Assert.Equal(SuspectedBehaviour.Unclassified, BehaviourSignatures.Name(split));
    }

    [Fact]
    public void AClearLeaderBelowTheMinimumShareNamesTheWindow()
    {
        // Brute force leads with 30% of the evidence, almost four times the next; the listening ports name nothing.
        FeatureContribution[] lead = [Up(TlsFailures, 3), Up(DnsQueryRate, 1), Up(ListeningPorts, 6)];

        Assert.Equal(SuspectedBehaviour.BruteForce, BehaviourSignatures.Name(lead));
    }

    [Fact]
    public void NoContributionsNameNothing() => Assert.Equal(SuspectedBehaviour.Unclassified, BehaviourSignatures.Name([]));

    private static FeatureContribution Up(NetworkFeature feature, double score) => new(feature, 1, 0, 0, score, Above: true);

    private static FeatureContribution Down(NetworkFeature feature, double score) => new(feature, 0, 1, 0, score, Above: false);
}
