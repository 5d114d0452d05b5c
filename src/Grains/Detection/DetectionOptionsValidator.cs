using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Detection;

/// <summary>Stops the silo at start-up when a <c>Detection:*</c> setting is out of range, naming the key.</summary>
internal sealed class DetectionOptionsValidator : IValidateOptions<DetectionOptions>
{
    public ValidateOptionsResult Validate(string? name, DetectionOptions options)
    {
        var failures = new List<string>();
        void Require(bool holds, string key, string rule)
        {
            if (!holds)
            {
                failures.Add($"{DetectionOptions.SectionName}:{key} {rule}.");
            }
        }

        Require(options.WarmUp >= TimeSpan.Zero && options.WarmUp <= TimeSpan.FromDays(30), nameof(options.WarmUp), "must be between 00:00:00 and 30.00:00:00");
        Require(options.HalfLife >= TimeSpan.FromMinutes(10) && options.HalfLife <= TimeSpan.FromDays(365), nameof(options.HalfLife), "must be between 00:10:00 and 365.00:00:00");
        Require(options.FlagScore is > 0 and <= 1_000, nameof(options.FlagScore), "must be above 0 and at most 1000");
        Require(options.SuspectScore > 0 && options.SuspectScore <= options.FlagScore, nameof(options.SuspectScore), "must be above 0 and at most Detection:FlagScore");
        Require(options.PersistenceAllowance > 0 && options.PersistenceAllowance <= options.SuspectScore, nameof(options.PersistenceAllowance), "must be above 0 and at most Detection:SuspectScore");
        Require(options.PersistenceLimit is > 0 and <= 100_000, nameof(options.PersistenceLimit), "must be above 0 and at most 100000");
        Require(options.Probation >= TimeSpan.Zero && options.Probation <= TimeSpan.FromDays(1), nameof(options.Probation), "must be between 00:00:00 and 1.00:00:00");
        Require(options.CriticalScore >= options.FlagScore && options.CriticalScore <= 10_000, nameof(options.CriticalScore), "must be at least Detection:FlagScore and at most 10000");
        Require(options.PeerPriorWindows is >= 0 and <= 1_000_000, nameof(options.PeerPriorWindows), "must be between 0 and 1000000");
        Require(options.ModelCheckInterval >= TimeSpan.FromSeconds(1) && options.ModelCheckInterval <= TimeSpan.FromHours(1), nameof(options.ModelCheckInterval), "must be between 00:00:01 and 01:00:00");
        Require(options.ModelConfidence is >= 0.5 and <= 1, nameof(options.ModelConfidence), "must be between 0.5 and 1");
        Require(options.ModelPath is null || (options.ModelPath.Length > 0 && options.ModelPath.IndexOfAny(Path.GetInvalidPathChars()) < 0), nameof(options.ModelPath), "must be a file path");
        Require(options.ConfirmSpan is >= 1 and <= TwinDetector.MaximumConfirmSpan, nameof(options.ConfirmSpan), $"must be between 1 and {TwinDetector.MaximumConfirmSpan}");
        Require(options.ConfirmWindows >= 1 && options.ConfirmWindows <= options.ConfirmSpan, nameof(options.ConfirmWindows), "must be between 1 and Detection:ConfirmSpan");
        Require(options.AutoClearWindows is >= 1 and <= 100_000, nameof(options.AutoClearWindows), "must be between 1 and 100000");
        Require(options.AlertsPerTwin is >= 1 and <= 10_000, nameof(options.AlertsPerTwin), "must be between 1 and 10000");
        Require(options.EvidencePerAlert is >= 4 and <= 100, nameof(options.EvidencePerAlert), "must be between 4 and 100");
        Require(options.PeerExchangeInterval >= TimeSpan.FromSeconds(1) && options.PeerExchangeInterval <= TimeSpan.FromHours(1), nameof(options.PeerExchangeInterval), "must be between 00:00:01 and 01:00:00");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
