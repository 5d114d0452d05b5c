using System.Net;
using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Security;
using DigitalTwin.MqttBridge.Hosting;
using DigitalTwin.Persistence.Hosting;
using DigitalTwin.Silo.Health;
using DigitalTwin.Silo.Observability;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace DigitalTwin.Silo.Hosting;

internal static partial class SiloHostingExtensions
{
    /// <summary>Binds Orleans' <see cref="ClusterMembershipOptions"/> (multi-silo clusters only).</summary>
    public const string MembershipSection = "Orleans:Membership";

    /// <summary>
    /// One silo with everything in it: the twins, the embedded MQTT broker and the Orleans Dashboard. With
    /// <c>Postgres:ConnectionString</c> set, membership, twin state, reminders, the device message log,
    /// telemetry history and the twin directory live in PostgreSQL and several silos form one cluster;
    /// otherwise localhost clustering and memory.
    /// </summary>
    public static WebApplicationBuilder UseDigitalTwinSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<SiloHostOptions>().Bind(configuration.GetSection(SiloHostOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SiloHostOptions>, SiloHostOptionsValidator>();
        builder.Services.AddSecurityMode(configuration);
        builder.Services.AddSecurityRequirement<HttpsRequirement>();
        var host = configuration.GetSection(SiloHostOptions.SectionName).Get<SiloHostOptions>() ?? new SiloHostOptions();
        var postgres = configuration.GetSection(PostgresOptions.SectionName).Get<PostgresOptions>() ?? new PostgresOptions();
        builder.UseOrleans(silo =>
        {
            if (postgres.Enabled)
            {
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = host.ClusterId;
                    cluster.ServiceId = host.ServiceId;
                });
                silo.Configure<EndpointOptions>(endpoints =>
                {
                    endpoints.SiloPort = host.SiloPort;
                    endpoints.GatewayPort = host.GatewayPort;
                    if (IPAddress.TryParse(host.AdvertisedIPAddress, out var advertised))
                    {
                        endpoints.AdvertisedIPAddress = advertised;
                    }
                });
                // Orleans' own failure-detection settings, as they are: how fast a crashed silo is declared
                // dead and how long a restarted one waits for a dead one it still finds in the table.
                silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(MembershipSection));
                silo.UsePostgresClustering(configuration);
                if (host.KubernetesHosting)
                {
                    silo.UseKubernetesHosting();
                }

                silo.AddPostgresTwinStorage(configuration);
                silo.UsePostgresReminderService(configuration);
            }
            else
            {
                silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort, serviceId: host.ServiceId, clusterId: host.ClusterId);
                silo.AddInMemoryTwinStorage();
                silo.UseInMemoryReminderService();
            }

            silo.AddTwins(configuration);
            silo.AddMqttBridge(configuration);
            silo.AddDashboard();
            if (configuration.GetSection(ObservabilityOptions.SectionName).Get<ObservabilityOptions>()?.OtlpTarget is not null)
            {
                // Grain calls carry the trace context only while traces are exported: it costs on every call.
                silo.AddActivityPropagation();
            }
        });
        var health = builder.Services.AddHealthChecks().AddCheck<MqttBrokerHealthCheck>("mqtt_broker");
        if (postgres.Enabled)
        {
            health.AddCheck<PostgresHealthCheck>("postgres");
        }
        return builder;
    }

    public static WebApplication LogStorageMode(this WebApplication app)
    {
        var postgres = app.Services.GetRequiredService<IOptions<PostgresOptions>>().Value;
        if (postgres.Enabled)
        {
            // Host and database only: the connection string may carry a password.
            var target = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);
            LogPostgres(app.Logger, target.Host, target.Port, target.Database);
        }
        else
        {
            LogInMemory(app.Logger);
        }

        return app;
    }

    /// <summary>
    /// In development mode, says loudly what is open, the same gaps production mode would refuse to start with.
    /// </summary>
    public static WebApplication LogSecurityMode(this WebApplication app)
    {
        var security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (security.AllowPlainHttp)
        {
            LogPlainHttpAllowed(app.Logger);
        }

        if (security.IsProduction)
        {
            LogProduction(app.Logger);
            return app;
        }

        var gaps = app.Services.GetServices<ISecurityRequirement>().SelectMany(requirement => requirement.FindGaps()).ToList();
        if (gaps.Count == 0)
        {
            LogDevelopmentClosed(app.Logger);
        }
        else
        {
            LogDevelopmentOpen(app.Logger, string.Join(" ", gaps.Select((gap, i) => $"({i + 1}) {gap}")));
        }

        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Security:AllowPlainHttp is true: the API may answer plain HTTP, so TLS must be terminated by a proxy or ingress in front of this silo, on a network only it can reach.")]
    private static partial void LogPlainHttpAllowed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Security:Mode is production: device authentication, TLS and API authentication are configured.")]
    private static partial void LogProduction(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "INSECURE: Security:Mode is development. Do not expose this silo to a network you do not trust: {Gaps} Set Security:Mode=production to refuse to start while any of these is open.")]
    private static partial void LogDevelopmentOpen(ILogger logger, string gaps);

    [LoggerMessage(Level = LogLevel.Information, Message = "Security:Mode is development, but everything production mode checks is configured.")]
    private static partial void LogDevelopmentClosed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster membership, twin state, reminders, the device message log, telemetry history and the twin directory are kept in PostgreSQL at {Host}:{Port}, database {Database}.")]
    private static partial void LogPostgres(ILogger logger, string? host, int port, string? database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Twins, telemetry and the twin directory are kept in memory: they are lost when this silo stops. Configure PostgreSQL to keep them.")]
    private static partial void LogInMemory(ILogger logger);
}
