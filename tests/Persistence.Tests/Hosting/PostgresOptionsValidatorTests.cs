using DigitalTwin.Persistence.Hosting;

namespace DigitalTwin.Persistence.Tests.Hosting;

public sealed class PostgresOptionsValidatorTests
{
    [Fact]
    public void TheDefaultsAreValid() =>
        Assert.True(new PostgresOptionsValidator().Validate(null, new PostgresOptions()).Succeeded);

    public static TheoryData<PostgresOptions, string> BadOptions => new()
    {
        { new PostgresOptions { TelemetryRetention = TimeSpan.FromHours(23) }, "Postgres:TelemetryRetention must be between 1.00:00:00 and 3650.00:00:00." },
        { new PostgresOptions { TelemetryRetention = TimeSpan.FromDays(3651) }, "Postgres:TelemetryRetention must be between 1.00:00:00 and 3650.00:00:00." },
        { new PostgresOptions { NetworkWindowRetention = TimeSpan.Zero }, "Postgres:NetworkWindowRetention must be between 1.00:00:00 and 3650.00:00:00." },
        { new PostgresOptions { NetworkWindowRetention = TimeSpan.FromDays(-1) }, "Postgres:NetworkWindowRetention must be between 1.00:00:00 and 3650.00:00:00." },
        { new PostgresOptions { LogBatchSize = 0 }, "Postgres:LogBatchSize must be between 1 and 100000." },
        { new PostgresOptions { LogBatchSize = 500, LogQueueCapacity = 499 }, "Postgres:LogQueueCapacity must be between Postgres:LogBatchSize and 1000000." },
        { new PostgresOptions { ConnectionString = "Host=db;Nonsense=1" }, "Postgres:ConnectionString is not a valid Npgsql connection string" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void AnUnusableSettingIsNamed(PostgresOptions options, string failure)
    {
        var result = new PostgresOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(failure, StringComparison.Ordinal));
    }
}
