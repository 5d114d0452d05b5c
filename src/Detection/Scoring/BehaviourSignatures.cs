using DigitalTwin.Behaviour.Features;
using static DigitalTwin.Detection.Scoring.SuspectedBehaviour;

namespace DigitalTwin.Detection.Scoring;

/// <summary>
/// Which behaviour a window's unusual features point to: each feature, above or below normal, lends its contribution
/// to the behaviours it is evidence of (a port scan spreads over ports and gets few answers; a tunnel asks long,
/// random names; a beacon keeps a timer). Each <see cref="FeatureGroups">group</see> of features lends what it adds to
/// the window's score, shared out as its features' evidence is: correlated features (a scan raises packets in and out,
/// both packet rates and the bytes: eight volume features) weigh as one, as they do in the score, so the generic
/// symptom of volume does not outvote the one group that says what happened. The behaviour with the most evidence names
/// the alert when it holds at least <see cref="MinimumShare"/> of the whole, or at least <see cref="LeadingShare"/> and
/// <see cref="Lead"/> times the next behaviour's (never in a tie); otherwise the window is <see cref="SuspectedBehaviour.Unclassified"/>.
/// </summary>
internal static class BehaviourSignatures
{
    /// <summary>The least share of a window's evidence its leading behaviour needs to name it.</summary>
    public const double MinimumShare = 0.4;

    /// <summary>The least share a behaviour that clearly leads (<see cref="Lead"/>) needs to name the window.</summary>
    public const double LeadingShare = 0.25;

    /// <summary>How many times the next behaviour's evidence a leader below <see cref="MinimumShare"/> needs.</summary>
    public const double Lead = 2;

    private static readonly (int Behaviour, double Weight)[][] Above = Table(above: true);
    private static readonly (int Behaviour, double Weight)[][] Below = Table(above: false);

    /// <summary>The behaviour the contributions point to.</summary>
    public static string Name(IReadOnlyList<FeatureContribution> contributions)
    {
        Span<double> groupScore = stackalloc double[FeatureGroups.Count];
        Span<double> groupMax = stackalloc double[FeatureGroups.Count];
        foreach (var contribution in contributions)
        {
            var group = FeatureGroups.Of((int)contribution.Feature);
            groupScore[group] += contribution.Score;
            groupMax[group] = Math.Max(groupMax[group], contribution.Score);
        }

        Span<double> evidence = stackalloc double[SuspectedBehaviour.All.Count];
        double total = 0;
        foreach (var max in groupMax)
        {
            total += max;
        }

        foreach (var contribution in contributions)
        {
            var group = FeatureGroups.Of((int)contribution.Feature);
            var share = contribution.Score / groupScore[group] * groupMax[group];
            foreach (var (behaviour, weight) in (contribution.Above ? Above : Below)[(int)contribution.Feature])
            {
                evidence[behaviour] += share * weight;
            }
        }

        int best = 0, next = -1;
        for (var i = 1; i < evidence.Length; i++)
        {
            if (evidence[i] > evidence[best])
            {
                next = best;
                best = i;
            }
            else if (next < 0 || evidence[i] > evidence[next])
            {
                next = i;
            }
        }

        var leader = evidence[best];
        var runnerUp = next < 0 ? 0 : evidence[next];
        var named = total > 0 && leader > runnerUp
            && (leader >= MinimumShare * total || (leader >= LeadingShare * total && leader >= Lead * runnerUp));
        return named ? SuspectedBehaviour.All[best] : Unclassified;
    }

    private static (int, double)[][] Table(bool above)
    {
        var table = new (int, double)[FeatureCatalog.Count][];
        for (var f = 0; f < table.Length; f++)
        {
            table[f] = [.. Evidence((NetworkFeature)f, above).Select(e => (SuspectedBehaviour.IndexOf(e.Behaviour), e.Weight))];
        }

        return table;
    }

    private static (string Behaviour, double Weight)[] Evidence(NetworkFeature feature, bool above) => (feature, above) switch
    {
        (NetworkFeature.DistinctDestinationPorts, true) => [(PortScan, 1)],
        (NetworkFeature.DistinctDestinationIps, true) => [(PortScan, 0.7), (TrafficSpike, 0.3)],
        (NetworkFeature.UnansweredSynRatio, true) => [(PortScan, 0.6), (ConnectionFlood, 0.4)],
        (NetworkFeature.FailedConnections or NetworkFeature.FailedConnections1h, true) => [(PortScan, 0.5), (BruteForce, 0.3), (ConnectionFlood, 0.2)],
        (NetworkFeature.NewDestinations or NetworkFeature.NewDestinations1h, true) => [(PortScan, 0.7), (Beacon, 0.3)],
        (NetworkFeature.SynOut or NetworkFeature.RstOut, true) => [(ConnectionFlood, 0.6), (PortScan, 0.4)],
        (NetworkFeature.RstIn, true) => [(PortScan, 0.6), (BruteForce, 0.4)],
        (NetworkFeature.FinIn or NetworkFeature.FinOut, true) => [(ConnectionFlood, 0.6), (BruteForce, 0.4)],
        (NetworkFeature.SessionsOpened or NetworkFeature.SessionsOpened1h, true) => [(ConnectionFlood, 0.6), (BruteForce, 0.2), (PortScan, 0.2)],
        (NetworkFeature.TlsFailures or NetworkFeature.TlsFailures1h, true) => [(BruteForce, 1)],
        (NetworkFeature.TlsHandshakes, true) => [(BruteForce, 0.6), (ConnectionFlood, 0.4)],
        (NetworkFeature.DnsNameLengthMean or NetworkFeature.DnsNameEntropyMean or NetworkFeature.NewDnsNames or NetworkFeature.NewDnsNames1h
            or NetworkFeature.DnsUniqueNames, true) => [(DnsTunnelling, 1)],
        (NetworkFeature.DnsQueryRate or NetworkFeature.DnsQueries1h, true) => [(DnsTunnelling, 0.8), (Beacon, 0.2)],
        (NetworkFeature.DnsNxdomainRatio or NetworkFeature.DnsNxdomains1h, true) => [(DnsTunnelling, 0.7), (PortScan, 0.3)],
        (NetworkFeature.BytesOut or NetworkFeature.BytesOutRate10m or NetworkFeature.BytesOutRate1h or NetworkFeature.BytesOutRatio, true) => [(DataExfiltration, 1)],
        (NetworkFeature.PacketsOut, true) => [(TrafficSpike, 0.6), (DataExfiltration, 0.4)],
        (NetworkFeature.PacketsIn or NetworkFeature.BytesIn or NetworkFeature.PacketRateMean or NetworkFeature.PacketRatePeak
            or NetworkFeature.PacketRate1m or NetworkFeature.PacketRate10m or NetworkFeature.PacketRate1h, true) => [(TrafficSpike, 1)],
        (NetworkFeature.Retransmissions, true) => [(TrafficSpike, 0.5), (DataExfiltration, 0.5)],
        (NetworkFeature.IcmpRatio or NetworkFeature.OtherRatio, true) => [(ProtocolMix, 1)],
        (NetworkFeature.TcpRatio or NetworkFeature.UdpRatio, _) => [(ProtocolMix, 0.6), (DnsTunnelling, 0.2), (TrafficSpike, 0.2)],
        (NetworkFeature.PayloadSizeEntropy or NetworkFeature.PayloadSizeMean or NetworkFeature.PayloadSizeStd, _) => [(PayloadTunnelling, 1)],
        (NetworkFeature.PeriodicGapCv, false) => [(Beacon, 1)],
        (NetworkFeature.PeriodicGapMean, _) => [(Beacon, 0.7), (TimingAnomaly, 0.3)],
        (NetworkFeature.InterArrivalCv, false) => [(Beacon, 0.5), (TimingAnomaly, 0.5)],
        (NetworkFeature.InterArrivalCv or NetworkFeature.InterArrivalMean, _) => [(TimingAnomaly, 1)],
        (NetworkFeature.SessionDurationMean or NetworkFeature.SessionDurationP95, true) => [(DataExfiltration, 0.5), (PayloadTunnelling, 0.5)],
        _ => [],
    };
}
