using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Feeds;

/// <summary>Stops the silo at start-up when an <c>Api:Feeds:*</c> setting is out of range, naming the key.</summary>
internal sealed class FeedOptionsValidator : IValidateOptions<FeedOptions>
{
    public ValidateOptionsResult Validate(string? name, FeedOptions options)
    {
        var failures = new List<string>();
        Check(failures, options.BufferSize is >= 10 and <= 100_000, nameof(options.BufferSize), "between 10 and 100000");
        Check(failures, options.BatchBufferSize is >= 100 and <= 10_000_000, nameof(options.BatchBufferSize), "between 100 and 10000000");
        Check(failures, options.MaxBatchEvents is >= 1 and <= 100_000, nameof(options.MaxBatchEvents), "between 1 and 100000");
        Check(failures, options.MaxSubscriptions is >= 1 and <= 10_000, nameof(options.MaxSubscriptions), "between 1 and 10000");
        Check(failures, options.MaxFrameBytes is >= 256 and <= 65_536, nameof(options.MaxFrameBytes), "between 256 and 65536");
        Check(failures, options.HeartbeatInterval >= TimeSpan.FromSeconds(1) && options.HeartbeatInterval <= TimeSpan.FromMinutes(5), nameof(options.HeartbeatInterval), "between 00:00:01 and 00:05:00");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool ok, string key, string range)
    {
        if (!ok)
        {
            failures.Add($"{FeedOptions.SectionName}:{key} must be {range}.");
        }
    }
}
