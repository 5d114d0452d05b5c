using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Traffic;

namespace DigitalTwin.Behaviour.Tests.Traffic;

/// <summary>new_destinations and new_dns_names: first contacts, measured against the host's history across windows.</summary>
public sealed class NetworkWindowBuilderNewEndpointTests
{
    private static readonly DateTimeOffset Origin = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);
    private static readonly RemoteEndpoint Api = new(7, 443, TransportProtocol.Tcp);
    private static readonly RemoteEndpoint Ntp = new(8, 123, TransportProtocol.Udp);

    [Fact]
    public void AnEndpointIsNewAtItsFirstContactOnlyEvenWhenContactedTwiceInThatWindow()
    {
        var builder = new NetworkWindowBuilder();
        var first = Window(builder, 0, b =>
        {
            b.AddSessionOpened(1, outbound: true, Api);
            b.AddSessionOpened(5, outbound: true, Api);
        });
        var second = Window(builder, 1, b =>
        {
            b.AddSessionOpened(1, outbound: true, Api);
            b.AddSessionOpened(2, outbound: true, Ntp);
        });
        var third = Window(builder, 2, b => b.AddSessionOpened(1, outbound: true, Ntp));

        Assert.Equal([1, 1, 0], new[] { first, second, third }.Select(w => w[NetworkFeature.NewDestinations]));
    }

    [Fact]
    public void APortOrProtocolOfAKnownAddressIsANewEndpoint()
    {
        var builder = new NetworkWindowBuilder();
        Window(builder, 0, b => b.AddSessionOpened(1, outbound: true, Api));
        var window = Window(builder, 1, b =>
        {
            b.AddSessionOpened(1, outbound: true, Api with { Port = 8443 });
            b.AddSessionOpened(2, outbound: true, Api with { Protocol = TransportProtocol.Udp });
        });

        Assert.Equal(2, window[NetworkFeature.NewDestinations]);
    }

    [Fact]
    public void AnAcceptedSessionIsNoNewDestinationNorDoesItEnterTheHistory()
    {
        var builder = new NetworkWindowBuilder();
        var accepted = Window(builder, 0, b => b.AddSessionOpened(1, outbound: false, Api));
        var opened = Window(builder, 1, b => b.AddSessionOpened(1, outbound: true, Api));

        Assert.Equal(0, accepted[NetworkFeature.NewDestinations]);
        Assert.Equal(1, opened[NetworkFeature.NewDestinations]);
    }

    [Fact]
    public void ANameIsNewAtItsFirstQueryOnlyWhateverItsCase()
    {
        var builder = new NetworkWindowBuilder();
        var first = Window(builder, 0, b =>
        {
            b.AddDnsQuery(DnsName.Of("Example.com"));
            b.AddDnsQuery(DnsName.Of("example.com"));
        });
        var second = Window(builder, 1, b =>
        {
            b.AddDnsQuery(DnsName.Of("EXAMPLE.COM"));
            b.AddDnsQuery(DnsName.Of("api.example.com"));
        });
        var third = Window(builder, 2, b => b.AddDnsQuery(DnsName.Of("Api.Example.Com")));

        Assert.Equal([1, 1, 0], new[] { first, second, third }.Select(w => w[NetworkFeature.NewDnsNames]));
        Assert.Equal(1, first[NetworkFeature.DnsUniqueNames]);
    }

    private static NetworkWindow Window(NetworkWindowBuilder builder, int index, Action<NetworkWindowBuilder> traffic)
    {
        builder.Begin(Origin.AddSeconds(10 * index), 10);
        traffic(builder);
        return builder.Build();
    }
}
