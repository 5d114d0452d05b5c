using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Tests.Infrastructure;
using DigitalTwin.Grains.Twins;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>The API's twin references: made once per id, reaching the right twin, and bounded in number.</summary>
[Collection(TwinClusterCollection.Name)]
public sealed class TwinReferencesTests(DiscoveringClusterFixture fixture)
{
    [Fact]
    public async Task AnIdAskedAgainGetsTheSameReferenceAndItReachesThatTwin()
    {
        var references = new TwinReferences(fixture.Client);
        var id = DeviceIds.New();
        var other = DeviceIds.New();
        await fixture.Twin(id).CreateAsync(Definition("thermostat"));
        await fixture.Twin(other).CreateAsync(Definition("camera"));

        var first = references.Get(id);
        Assert.Same(first, references.Get(id));
        Assert.NotSame(first, references.Get(other));
        Assert.Equal("thermostat", (await references.Get(id).GetAsync())!.Type);
        Assert.Equal("camera", (await references.Get(other).GetAsync())!.Type);
    }

    [Fact]
    public void PastItsCapacityTheSetStartsOver()
    {
        var references = new TwinReferences(fixture.Client, capacity: 3);
        var ids = Enumerable.Range(0, 4).Select(_ => DeviceIds.New()).ToArray();
        var first = references.Get(ids[0]);
        references.Get(ids[1]);
        references.Get(ids[2]);
        Assert.Same(first, references.Get(ids[0]));

        // The fourth id goes past the capacity: every reference kept so far is let go.
        references.Get(ids[3]);

        var again = references.Get(ids[0]);
        Assert.NotSame(first, again);
        Assert.Equal(first.GetGrainId(), again.GetGrainId());
    }

    [Fact]
    public void AnInvalidIdIsNeverKept()
    {
        var references = new TwinReferences(fixture.Client);
        var invalid = "Not/A/Device" + new string('x', 100);

        Assert.NotSame(references.Get(invalid), references.Get(invalid));
    }

    private static TwinDefinition Definition(string type) => new(type, [], []);
}
