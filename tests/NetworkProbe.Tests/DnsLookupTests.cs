using DigitalTwin.NetworkProbe.Tests.Lab;

namespace DigitalTwin.NetworkProbe.Tests;

/// <summary>
/// DNS features of a client that looks up three names at the lab's resolver, one of which does not exist: what it
/// asked (the question names) and what it was told (NXDOMAIN), as the capture shows them.
/// </summary>
[Collection(NetworkLabCollection.Name)]
public sealed class DnsLookupTests(NetworkLab lab)
{
    private static readonly string[] Names = ["printer.lab", "camera.lab", "nosuch.lab"];

    private static Task<ProbedCapture>? _lookups;

    [Fact]
    public async Task TheCaptureHoldsThreeQueriesFromTheClientAndOneNxdomainAnswer()
    {
        var capture = await LookupsAsync();
        var queries = capture.Of(lab.Client.IPv4).Sent.Where(p => p.Dns is { Response: false }).ToList();
        var answers = capture.Of(lab.Client.IPv4).Received.Where(p => p.Dns is { Response: true }).ToList();
        Assert.Equal(Names, queries.Select(q => q.Dns!.Name));
        Assert.Equal(["nosuch.lab"], answers.Where(a => a.Dns!.Rcode == 3).Select(a => a.Dns!.Name));
    }

    [Fact]
    public async Task TheClientsQueryRateCountsItsThreeQueries()
    {
        var windows = (await LookupsAsync()).Windows;
        Assert.Equal(3, Queries(windows, lab.Client.DeviceId), 9);
    }

    [Fact]
    public async Task OneQueryInThreeWasAnsweredNxdomain()
    {
        var windows = (await LookupsAsync()).Windows;
        var nxdomains = windows.Of(lab.Client.DeviceId).Sum(w => w["dns_nxdomain_ratio"] * w["dns_query_rate"] * w.Seconds);
        Assert.Equal(1, nxdomains, 9);
    }

    [Fact]
    public async Task UniqueNamesLengthsAndEntropiesAreThoseOfTheQuestionNames()
    {
        var windows = (await LookupsAsync()).Windows.Of(lab.Client.DeviceId);
        Assert.Equal(3, windows.Sum(w => w["dns_unique_names"]));
        var lengths = windows.Sum(w => w["dns_name_length_mean"] * w["dns_query_rate"] * w.Seconds);
        Assert.Equal(Names.Sum(n => n.Length), lengths, 6);
        var entropies = windows.Sum(w => w["dns_name_entropy_mean"] * w["dns_query_rate"] * w.Seconds);
        Assert.Equal(Names.Sum(Entropy), entropies, 6);
    }

    [Fact]
    public async Task EachLookupIsAUdpFlowTheClientOpened()
    {
        var capture = await LookupsAsync();
        var flows = capture.Of(lab.Client.IPv4).Sent.Where(p => p.Dns is not null).Select(p => p.SourcePort).Distinct().Count();
        Assert.Equal(3, flows);
        Assert.Equal(flows, capture.Windows.Sum(lab.Client.DeviceId, "sessions_opened"));
        Assert.Equal(1, capture.Windows.Of(lab.Client.DeviceId).Max(w => w["distinct_destination_ports"]));
    }

    [Fact]
    public async Task TheResolverAnsweringQueriesHasNoQueriesOfItsOwn()
    {
        var windows = (await LookupsAsync()).Windows;
        Assert.All(windows.Of(lab.Server.DeviceId), w =>
        {
            Assert.Equal(0, w["dns_query_rate"]);
            Assert.Equal(0, w["dns_unique_names"]);
            Assert.Equal(0, w["dns_nxdomain_ratio"]);
        });
        Assert.Equal(0, Queries(windows, lab.Server.DeviceId));
    }

    private static double Queries(ObservedWindows windows, string device) =>
        windows.Of(device).Sum(w => w["dns_query_rate"] * w.Seconds);

    /// <summary>Shannon entropy of a name's characters, in bits per character.</summary>
    private static double Entropy(string name) =>
        -name.GroupBy(c => c).Sum(g => (double)g.Count() / name.Length * Math.Log2((double)g.Count() / name.Length));

    private Task<ProbedCapture> LookupsAsync() => _lookups ??= ProbedCapture.RecordAsync(lab, "dns", async () =>
    {
        foreach (var name in Names)
        {
            // dig exits 0 for NXDOMAIN too; only a lost answer fails.
            await lab.RunCheckedAsync(lab.Client, "dig", "+tries=1", "+time=3", $"@{lab.Server.IPv4}", name, "A");
        }
    });
}
