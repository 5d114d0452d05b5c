using Microsoft.Extensions.Options;
using Npgsql;

namespace DigitalTwin.Persistence.Hosting;

/// <summary>Stops the silo at start-up when a <c>Postgres:*</c> setting is unusable, naming the key.</summary>
internal sealed class PostgresOptionsValidator : IValidateOptions<PostgresOptions>
{
    public ValidateOptionsResult Validate(string? name, PostgresOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled)
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{PostgresOptions.SectionName}:{nameof(options.ConnectionString)} is not a valid Npgsql connection string: {ex.Message}");
            }
        }

        CheckRetention(failures, options.TelemetryRetention, nameof(options.TelemetryRetention));
        CheckRetention(failures, options.NetworkWindowRetention, nameof(options.NetworkWindowRetention));
        Check(failures, options.LogBatchSize is >= 1 and <= 100_000, nameof(options.LogBatchSize), "between 1 and 100000");
        Check(failures, options.LogQueueCapacity >= options.LogBatchSize && options.LogQueueCapacity <= 1_000_000, nameof(options.LogQueueCapacity), "between Postgres:LogBatchSize and 1000000");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Whole days are what the daily partitions drop; past ten years is a typo, not a policy.
    private static void CheckRetention(List<string> failures, TimeSpan retention, string key) =>
        Check(failures, retention >= TimeSpan.FromDays(1) && retention <= TimeSpan.FromDays(3650), key, "between 1.00:00:00 and 3650.00:00:00");

    private static void Check(List<string> failures, bool ok, string key, string range)
    {
        if (!ok)
        {
            failures.Add($"{PostgresOptions.SectionName}:{key} must be {range}.");
        }
    }
}
