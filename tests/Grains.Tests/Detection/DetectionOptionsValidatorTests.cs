using DigitalTwin.Grains.Detection;

namespace DigitalTwin.Grains.Tests.Detection;

public sealed class DetectionOptionsValidatorTests
{
    [Fact]
    public void TheDefaultsAreValid() => Assert.True(new DetectionOptionsValidator().Validate(null, new DetectionOptions()).Succeeded);

    public static TheoryData<string, Action<DetectionOptions>> OutOfRange => new()
    {
        { "WarmUp", o => o.WarmUp = TimeSpan.FromSeconds(-1) },
        { "WarmUp", o => o.WarmUp = TimeSpan.FromDays(31) },
        { "HalfLife", o => o.HalfLife = TimeSpan.FromMinutes(9) },
        { "FlagScore", o => o.FlagScore = 0 },
        { "SuspectScore", o => o.SuspectScore = o.FlagScore + 1 },
        { "PersistenceAllowance", o => o.PersistenceAllowance = 0 },
        { "PersistenceAllowance", o => o.PersistenceAllowance = o.SuspectScore + 0.5 },
        { "PersistenceLimit", o => o.PersistenceLimit = 0 },
        { "PersistenceLimit", o => o.PersistenceLimit = 100_001 },
        { "Probation", o => o.Probation = TimeSpan.FromDays(2) },
        { "CriticalScore", o => o.CriticalScore = o.FlagScore - 1 },
        { "PeerPriorWindows", o => o.PeerPriorWindows = -1 },
        { "ModelCheckInterval", o => o.ModelCheckInterval = TimeSpan.Zero },
        { "ModelConfidence", o => o.ModelConfidence = 0.4 },
        { "ModelPath", o => o.ModelPath = "" },
        { "ConfirmWindows", o => o.ConfirmWindows = 0 },
        { "ConfirmWindows", o => (o.ConfirmWindows, o.ConfirmSpan) = (4, 3) },
        { "ConfirmSpan", o => o.ConfirmSpan = 0 },
        { "ConfirmSpan", o => o.ConfirmSpan = TwinDetector.MaximumConfirmSpan + 1 },
        { "AutoClearWindows", o => o.AutoClearWindows = 0 },
        { "AlertsPerTwin", o => o.AlertsPerTwin = 10_001 },
        { "EvidencePerAlert", o => o.EvidencePerAlert = 3 },
        { "PeerExchangeInterval", o => o.PeerExchangeInterval = TimeSpan.FromHours(2) },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void AValueOutOfRangeIsRefusedNamingItsKey(string key, Action<DetectionOptions> spoil)
    {
        var options = new DetectionOptions();
        spoil(options);

        var result = new DetectionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Detection:{key} ", result.FailureMessage, StringComparison.Ordinal);
    }
}
