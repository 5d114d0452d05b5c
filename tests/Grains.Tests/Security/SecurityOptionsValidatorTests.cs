using DigitalTwin.Grains.Security;

namespace DigitalTwin.Grains.Tests.Security;

public sealed class SecurityOptionsValidatorTests
{
    private sealed class FixedRequirement(params string[] gaps) : ISecurityRequirement
    {
        public IEnumerable<string> FindGaps() => gaps;
    }

    [Theory]
    [InlineData("development")]
    [InlineData("Development")]
    public void DevelopmentStartsWithGapsOpen(string mode)
    {
        var validator = new SecurityOptionsValidator([new FixedRequirement("the broker is open.")]);

        Assert.True(validator.Validate(null, new SecurityOptions { Mode = mode }).Succeeded);
    }

    [Fact]
    public void ProductionNamesEveryGapOfEveryRequirement()
    {
        var validator = new SecurityOptionsValidator([new FixedRequirement("the broker is open.", "plain MQTT is on."), new FixedRequirement("the API is open.")]);

        var result = validator.Validate(null, new SecurityOptions { Mode = "PRODUCTION" });

        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
        Assert.All(result.Failures!, failure => Assert.StartsWith("Security:Mode is 'production', but ", failure, StringComparison.Ordinal));
        Assert.Contains(result.Failures!, failure => failure.EndsWith("the API is open.", StringComparison.Ordinal));
    }

    [Fact]
    public void ProductionStartsWhenEveryRequirementIsMet()
    {
        var validator = new SecurityOptionsValidator([new FixedRequirement(), new FixedRequirement()]);

        Assert.True(validator.Validate(null, new SecurityOptions { Mode = "production" }).Succeeded);
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("")]
    [InlineData("off")]
    public void AnUnknownModeIsNamed(string mode)
    {
        var result = new SecurityOptionsValidator([]).Validate(null, new SecurityOptions { Mode = mode });

        Assert.True(result.Failed);
        Assert.Equal($"Security:Mode must be 'development' or 'production', not '{mode}'.", result.FailureMessage);
    }
}
