using DigitalTwin.Wire.Payloads;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Hosting;

/// <summary>Stops the silo at start-up when a <c>Twins:*</c> setting is out of range, naming the key.</summary>
internal sealed class TwinOptionsValidator : IValidateOptions<TwinOptions>
{
    public ValidateOptionsResult Validate(string? name, TwinOptions options)
    {
        var failures = new List<string>();
        Check(failures, options.TelemetryWindowSize is >= 1 and <= 10_000, nameof(options.TelemetryWindowSize), "between 1 and 10000");
        Check(failures, options.MaxReportedFields is >= FieldLimits.MaxFields and <= 100_000, nameof(options.MaxReportedFields), $"between {FieldLimits.MaxFields} and 100000");
        Check(failures, options.MaxDiscoveriesPerMinute is >= 0 and <= 1_000_000, nameof(options.MaxDiscoveriesPerMinute), "between 0 (no cap) and 1000000");
        Check(failures, options.InactivityTimeout >= TimeSpan.FromSeconds(1) && options.InactivityTimeout <= TimeSpan.FromDays(7), nameof(options.InactivityTimeout), "between 00:00:01 and 7.00:00:00");

        // The tolerance is judged against the skew only when the skew itself is valid: one mistake, one message.
        if (Check(failures, options.MaxClockSkew >= TimeSpan.Zero && options.MaxClockSkew <= TimeSpan.FromDays(1), nameof(options.MaxClockSkew), "between 00:00:00 and 1.00:00:00"))
        {
            Check(failures, options.FutureTimestampTolerance >= TimeSpan.Zero && options.FutureTimestampTolerance <= options.MaxClockSkew, nameof(options.FutureTimestampTolerance), $"between 00:00:00 and {TwinOptions.SectionName}:{nameof(options.MaxClockSkew)} ({options.MaxClockSkew:c})");
        }

        Check(failures, options.SnapshotInterval >= TimeSpan.FromMilliseconds(100) && options.SnapshotInterval <= TimeSpan.FromHours(1), nameof(options.SnapshotInterval), "between 00:00:00.1 and 01:00:00");
        Check(failures, options.DirectoryUpdateInterval >= TimeSpan.FromMilliseconds(50) && options.DirectoryUpdateInterval <= TimeSpan.FromMinutes(1), nameof(options.DirectoryUpdateInterval), "between 00:00:00.05 and 00:01:00");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool Check(List<string> failures, bool ok, string key, string range)
    {
        if (!ok)
        {
            failures.Add($"{TwinOptions.SectionName}:{key} must be {range}.");
        }

        return ok;
    }
}
