using DigitalTwin.Grains.Twins;
using DigitalTwin.Wire.Payloads;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>A device hears about a repeating condition at most once a minute per error code.</summary>
public sealed class RepeatedErrorThrottleTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly RepeatedErrorThrottle _throttle = new();

    [Fact]
    public void FirstReportOfACodeGoesOut() =>
        Assert.True(_throttle.ShouldReport(PayloadErrorCodes.ClockSkew, Now));

    [Fact]
    public void RepeatWithinTheMinuteIsHeldBack()
    {
        _throttle.ShouldReport(PayloadErrorCodes.ClockSkew, Now);

        Assert.False(_throttle.ShouldReport(PayloadErrorCodes.ClockSkew, Now.AddSeconds(1)));
        Assert.False(_throttle.ShouldReport(PayloadErrorCodes.ClockSkew, Now.AddSeconds(59.999)));
    }

    [Fact]
    public void RepeatAfterAMinuteGoesOutAndStartsAFreshMinute()
    {
        _throttle.ShouldReport(PayloadErrorCodes.ClockSkew, Now);

        Assert.True(_throttle.ShouldReport(PayloadErrorCodes.ClockSkew, Now.AddMinutes(1)));
        Assert.False(_throttle.ShouldReport(PayloadErrorCodes.ClockSkew, Now.AddSeconds(90)));
        Assert.True(_throttle.ShouldReport(PayloadErrorCodes.ClockSkew, Now.AddMinutes(2)));
    }

    [Fact]
    public void HeldBackRepeatsDoNotPostponeTheNextReport()
    {
        _throttle.ShouldReport(PayloadErrorCodes.StaleMessage, Now);
        for (var second = 1; second < 60; second++)
        {
            _throttle.ShouldReport(PayloadErrorCodes.StaleMessage, Now.AddSeconds(second));
        }

        Assert.True(_throttle.ShouldReport(PayloadErrorCodes.StaleMessage, Now.AddSeconds(60)));
    }

    [Fact]
    public void EachCodeHasItsOwnMinute()
    {
        _throttle.ShouldReport(PayloadErrorCodes.ClockSkew, Now);

        Assert.True(_throttle.ShouldReport(PayloadErrorCodes.StaleMessage, Now.AddSeconds(1)));
        Assert.False(_throttle.ShouldReport(PayloadErrorCodes.ClockSkew, Now.AddSeconds(2)));
    }
}
