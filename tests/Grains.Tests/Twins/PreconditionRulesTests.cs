using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>If-Match and If-None-Match over a twin's existence and version, as RFC 9110 defines them.</summary>
public sealed class PreconditionRulesTests
{
    [Fact]
    public void NoPreconditionAlwaysHolds()
    {
        Assert.True(PreconditionRules.Holds(null, exists: true, 3));
        Assert.True(PreconditionRules.Holds(null, exists: false, 0));
        Assert.True(PreconditionRules.Holds(new TwinPrecondition(), exists: true, 3));
    }

    [Theory]
    [InlineData(new long[] { 3 }, 3, true)]
    [InlineData(new long[] { 3 }, 4, false)]
    [InlineData(new long[] { 1, 2, 4 }, 4, true)]
    [InlineData(new long[] { 1, 2 }, 3, false)]
    public void IfMatchHoldsOnlyAtANamedVersion(long[] versions, long version, bool holds)
    {
        var precondition = new TwinPrecondition { IfMatch = versions };

        Assert.Equal(holds, PreconditionRules.IfMatchHolds(precondition, exists: true, version));
        Assert.Equal(holds, PreconditionRules.Holds(precondition, exists: true, version));
    }

    [Fact]
    public void IfMatchNeverHoldsForAMissingTwin()
    {
        Assert.False(PreconditionRules.Holds(new TwinPrecondition { IfMatch = [0] }, exists: false, 0));
        Assert.False(PreconditionRules.Holds(new TwinPrecondition { IfMatchAny = true }, exists: false, 0));
    }

    [Fact]
    public void IfMatchAnyHoldsForAnExistingTwinAtAnyVersion()
    {
        var precondition = new TwinPrecondition { IfMatchAny = true };

        Assert.True(PreconditionRules.Holds(precondition, exists: true, 1));
        Assert.True(PreconditionRules.Holds(precondition, exists: true, long.MaxValue));
    }

    [Theory]
    [InlineData(new long[] { 3 }, 3, false)]
    [InlineData(new long[] { 3 }, 4, true)]
    [InlineData(new long[] { 2, 3 }, 2, false)]
    public void IfNoneMatchFailsAtANamedVersion(long[] versions, long version, bool holds)
    {
        var precondition = new TwinPrecondition { IfNoneMatch = versions };

        Assert.Equal(holds, PreconditionRules.IfNoneMatchHolds(precondition, exists: true, version));
        Assert.True(PreconditionRules.IfNoneMatchHolds(precondition, exists: false, version));
    }

    [Fact]
    public void IfNoneMatchAnyHoldsOnlyForAMissingTwin()
    {
        var precondition = new TwinPrecondition { IfNoneMatchAny = true };

        Assert.True(PreconditionRules.Holds(precondition, exists: false, 5));
        Assert.False(PreconditionRules.Holds(precondition, exists: true, 5));
    }

    [Fact]
    public void BothConditionsMustHold()
    {
        var precondition = new TwinPrecondition { IfMatch = [4, 5], IfNoneMatch = [5] };

        Assert.True(PreconditionRules.Holds(precondition, exists: true, 4));
        Assert.False(PreconditionRules.Holds(precondition, exists: true, 5));
        Assert.False(PreconditionRules.Holds(precondition, exists: true, 6));
    }

    [Fact]
    public void TheExplanationNamesTheCurrentVersionAndTheFailedHeader()
    {
        var stale = PreconditionRules.Explain("sensor-1", new TwinPrecondition { IfMatch = [2] }, exists: true, 7);
        Assert.Contains("version 7", stale);
        Assert.Contains("\"7\"", stale);
        Assert.Contains("If-Match", stale);

        var missing = PreconditionRules.Explain("sensor-1", new TwinPrecondition { IfMatchAny = true }, exists: false, 0);
        Assert.Contains("does not exist", missing);

        var exists = PreconditionRules.Explain("sensor-1", new TwinPrecondition { IfNoneMatchAny = true }, exists: true, 3);
        Assert.Contains("already exists at version 3", exists);
        Assert.Contains("If-None-Match: *", exists);

        var unchanged = PreconditionRules.Explain("sensor-1", new TwinPrecondition { IfNoneMatch = [3] }, exists: true, 3);
        Assert.Contains("If-None-Match", unchanged);
        Assert.Contains("version 3", unchanged);
    }
}
