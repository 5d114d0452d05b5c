using DigitalTwin.Api.Security;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DigitalTwin.Silo.Observability;

public static class ObservabilityHostingExtensions
{
    /// <summary>Where Prometheus scrapes.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The service name metrics and traces carry (OpenTelemetry's <c>service.name</c>).</summary>
    public const string ServiceName = "digital-twin-network";

    /// <summary>Every meter of the platform's own (<c>DigitalTwin.Ingest</c>, <c>DigitalTwin.Commands</c>, ...).</summary>
    public const string PlatformMeters = "DigitalTwin.*";

    /// <summary>Orleans' meter: activations, messaging, storage, reminders, streams.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Orleans' activity sources, recorded only while traces are exported (they cost on every grain call).</summary>
    private static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>
    /// OpenTelemetry metrics of the platform, Orleans, ASP.NET Core and the .NET runtime, for Prometheus at
    /// <c>/metrics</c> and, with <c>Observability:OtlpEndpoint</c>, pushed with traces over OTLP; the console log as
    /// JSON lines with <c>Logging:Format=json</c>; the readiness that <c>/health/ready</c> reports.
    /// </summary>
    public static WebApplicationBuilder UseObservability(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddOptions<ObservabilityOptions>().Bind(configuration.GetSection(ObservabilityOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ObservabilityOptions>, ObservabilityOptionsValidator>();
        builder.Services.AddOptions<LogFormatOptions>().Bind(configuration.GetSection(LogFormatOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<LogFormatOptions>, LogFormatOptionsValidator>();
        builder.Services.AddSingleton<SiloReadiness>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SiloReadiness>());

        // Read here as well as validated at start: the logging and exporters are chosen before the host is built. An
        // invalid value configures nothing and the validation stops the host, naming the key.
        if ((configuration.GetSection(LogFormatOptions.SectionName).Get<LogFormatOptions>() ?? new LogFormatOptions()).IsJson)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var options = configuration.GetSection(ObservabilityOptions.SectionName).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        var otlp = options.OtlpTarget;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PlatformMeters, OrleansMeter).AddAspNetCoreInstrumentation().AddRuntimeInstrumentation();
                if (options.PrometheusEnabled)
                {
                    metrics.AddPrometheusExporter();
                }

                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(exporter => ExportTo(exporter, otlp, "v1/metrics"));
                }
            });
        if (otlp is not null)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(OrleansActivitySources)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(exporter => ExportTo(exporter, otlp, "v1/traces")));
        }

        return builder;
    }

    /// <summary>
    /// The probes (anonymous) and, when on, <c>/metrics</c> behind the viewer role: open while the API is (the
    /// development default), a credential once API authentication is configured (docs/security.md says why).
    /// </summary>
    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapProbes();
        if (app.Services.GetRequiredService<IOptions<ObservabilityOptions>>().Value.PrometheusEnabled)
        {
            // The exporter maps every method; a scrape is a GET, anything else gets 405 like the rest of the API.
            app.MapPrometheusScrapingEndpoint(MetricsPath)
                .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
                .RequireAuthorization(ApiPolicies.Viewer);
        }

        return app;
    }

    /// <summary>
    /// Set in code, an OTLP endpoint is used as it is: over HTTP each signal needs its own path, which the exporter adds
    /// by itself only to the <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable. gRPC takes the collector's address alone.
    /// </summary>
    private static void ExportTo(OtlpExporterOptions exporter, Uri collector, string signalPath) =>
        exporter.Endpoint = exporter.Protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(collector, signalPath) : collector;
}
