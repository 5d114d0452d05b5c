using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>pending → active ↔ suspended; any non-final state → decommissioned, which is final.</summary>
public sealed class LifecycleRulesTests
{
    [Theory]
    [InlineData(TwinLifecycle.Pending, TwinLifecycle.Active)]
    [InlineData(TwinLifecycle.Active, TwinLifecycle.Suspended)]
    [InlineData(TwinLifecycle.Suspended, TwinLifecycle.Active)]
    [InlineData(TwinLifecycle.Pending, TwinLifecycle.Decommissioned)]
    [InlineData(TwinLifecycle.Active, TwinLifecycle.Decommissioned)]
    [InlineData(TwinLifecycle.Suspended, TwinLifecycle.Decommissioned)]
    public void AllowedTransitions(TwinLifecycle from, TwinLifecycle to) =>
        Assert.True(LifecycleRules.CanTransition(from, to));

    [Theory]
    [InlineData(TwinLifecycle.Pending, TwinLifecycle.Suspended)]
    [InlineData(TwinLifecycle.Active, TwinLifecycle.Pending)]
    [InlineData(TwinLifecycle.Suspended, TwinLifecycle.Pending)]
    [InlineData(TwinLifecycle.Decommissioned, TwinLifecycle.Pending)]
    [InlineData(TwinLifecycle.Decommissioned, TwinLifecycle.Active)]
    [InlineData(TwinLifecycle.Decommissioned, TwinLifecycle.Suspended)]
    [InlineData(TwinLifecycle.Decommissioned, TwinLifecycle.Decommissioned)]
    [InlineData(TwinLifecycle.Active, TwinLifecycle.Active)]
    public void ForbiddenTransitions(TwinLifecycle from, TwinLifecycle to) =>
        Assert.False(LifecycleRules.CanTransition(from, to));
}
