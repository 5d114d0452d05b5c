using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Streams;

/// <summary>Stops the silo at start-up when a <c>Streams:*</c> setting is out of range, naming the key.</summary>
internal sealed class DeviceStreamOptionsValidator : IValidateOptions<DeviceStreamOptions>
{
    public ValidateOptionsResult Validate(string? name, DeviceStreamOptions options)
    {
        var failures = new List<string>();
        Check(failures, options.QueueCount is >= 1 and <= 1024, nameof(options.QueueCount), "between 1 and 1024");
        Check(failures, options.QueueCapacity is >= 16 and <= 1_000_000, nameof(options.QueueCapacity), "between 16 and 1000000");
        Check(failures, options.PollPeriod >= TimeSpan.FromMilliseconds(1) && options.PollPeriod <= TimeSpan.FromSeconds(1), nameof(options.PollPeriod), "between 00:00:00.001 and 00:00:01");
        Check(failures, options.IdleWait >= TimeSpan.Zero && options.IdleWait <= TimeSpan.FromSeconds(10), nameof(options.IdleWait), "between 00:00:00 and 00:00:10");
        Check(failures, options.SafetyReadPeriod >= TimeSpan.FromMilliseconds(100) && options.SafetyReadPeriod <= TimeSpan.FromMinutes(1), nameof(options.SafetyReadPeriod), "between 00:00:00.1 and 00:01:00");
        Check(failures, options.CacheSize is >= 16 and <= 1_000_000, nameof(options.CacheSize), "between 16 and 1000000");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool ok, string key, string range)
    {
        if (!ok)
        {
            failures.Add($"{DeviceStreamOptions.SectionName}:{key} must be {range}.");
        }
    }
}
