using DigitalTwin.Persistence.Hosting;
using DigitalTwin.Persistence.Schema;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Silo.Hosting;

/// <summary>
/// <c>dotnet run --project src/Silo -- migrate</c>: applies the PostgreSQL schema and exits without
/// starting the silo, for deployments that migrate before rolling out (then <c>Postgres:MigrateOnStart=false</c>).
/// Reads the same configuration as the silo; exit code 0 on success, 1 when migrating failed, 2 when
/// the configuration is unusable.
/// </summary>
internal static partial class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddPostgresServices(builder.Configuration);
        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand).FullName!);

        PostgresOptions options;
        try
        {
            options = app.Services.GetRequiredService<IOptions<PostgresOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            LogInvalidConfiguration(logger, ex.Message);
            return 2;
        }

        if (!options.Enabled)
        {
            LogNoConnectionString(logger);
            return 2;
        }

        try
        {
            await app.Services.GetRequiredService<ISchemaMigrator>().MigrateAsync(CancellationToken.None);
            return 0;
        }
        catch (Exception ex)
        {
            // The command's whole job is this one call: whatever went wrong is reported and ends the process.
            LogFailed(logger, ex, ex.Message);
            return 1;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot migrate: {Reason}")]
    private static partial void LogInvalidConfiguration(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot migrate: Postgres:ConnectionString is not set (e.g. --Postgres:ConnectionString=\"Host=...;Database=...;Username=...\" or the env var Postgres__ConnectionString).")]
    private static partial void LogNoConnectionString(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Migrating the PostgreSQL schema failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string reason);
}
