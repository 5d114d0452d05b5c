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

        Check(failures, options.TelemetryRetention >= TimeSpan.FromDays(1) && options.TelemetryRetention <= TimeSpan.FromDays(3650), nameof(options.TelemetryRetention), "between 1.00:00:00 and 3650.00:00:00");
        Check(failures, options.LogBatchSize is >= 1 and <= 100_000, nameof(options.LogBatchSize), "between 1 and 100000");
        Check(failures, options.LogQueueCapacity >= options.LogBatchSize && options.LogQueueCapacity <= 1_000_000, nameof(options.LogQueueCapacity), "between Postgres:LogBatchSize and 1000000");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(List<string> failures, bool ok, string key, string range)
    {
        if (!ok)
        {
            failures.Add($"{PostgresOptions.SectionName}:{key} must be {range}.");
        }
    }
}
