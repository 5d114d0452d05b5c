using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace DigitalTwin.Grains.Tests.Network;

[Collection(TwinClusterCollection.Name)]
public sealed class NetworkWindowRecordTests(DiscoveringClusterFixture fixture)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private Serializer Serializer => fixture.Client.ServiceProvider.GetRequiredService<Serializer>();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ARecordKeepsItsSchemaVersionOverTheWire(int version)
    {
        var copy = Serializer.Deserialize<NetworkWindowRecord>(Serializer.SerializeToArray(new NetworkWindowRecord(Start, 10, [1, 2], version)))!;

        Assert.Equal(version, copy.SchemaVersion);
        Assert.Equal([1.0, 2.0], copy.Values);
    }

    [Fact]
    public void ARecordSerializedBeforeWindowsCarriedTheirVersionIsSchemaOne()
    {
        // The same fields under the same ids as the contract had before field 3.
        var old = Serializer.SerializeToArray(new WindowRecordBeforeVersions(Start, 10, [7]));

        var copy = Serializer.Deserialize<NetworkWindowRecord>(old)!;

        Assert.Equal((Start, 10.0, 1), (copy.Start, copy.Seconds, copy.SchemaVersion));
    }
}
