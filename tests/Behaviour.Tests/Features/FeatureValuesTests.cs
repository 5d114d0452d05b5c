using DigitalTwin.Behaviour.Features;

namespace DigitalTwin.Behaviour.Tests.Features;

public sealed class FeatureValuesTests
{
    [Fact]
    public void ValuesOfTheCatalogueShapeAreTakenAsTheyAre()
    {
        var values = new double[FeatureCatalog.Count];
        Array.Fill(values, 2);

        Assert.Same(values, FeatureValues.ForVersion(values, 3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ThirtyTwoStoredValuesGrowWithNaNForTheLaterFeatures(int version)
    {
        var stored = Enumerable.Range(1, 32).Select(i => (double)i).ToArray();

        var values = FeatureValues.ForVersion(stored, version);

        Assert.Equal(FeatureCatalog.Count, values.Length);
        Assert.Equal(stored, values[..32]);
        Assert.All(values[32..], value => Assert.True(double.IsNaN(value)));
    }

    [Fact]
    public void AValueInASlotTheVersionDoesNotDefineIsDropped()
    {
        var values = new double[FeatureCatalog.Count];
        Array.Fill(values, 0);

        var shaped = FeatureValues.ForVersion(values, 2);

        Assert.NotSame(values, shaped);
        Assert.All(FeatureCatalog.All, f => Assert.Equal(FeatureCatalog.Defines(2, f.Feature), !double.IsNaN(shaped[(int)f.Feature])));
    }

    [Fact]
    public void NoValuesAtAllReadAsUnmeasured() =>
        Assert.All(FeatureValues.ForVersion([], 3), value => Assert.True(double.IsNaN(value)));
}
