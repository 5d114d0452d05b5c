using DigitalTwin.Api.Alerts;
using DigitalTwin.Api.Audit;
using DigitalTwin.Api.Commands;
using DigitalTwin.Api.Credentials;
using DigitalTwin.Api.Dashboard;
using System.Text.Json;
using System.Text.Json.Serialization;
using DigitalTwin.Api.Datasets;
using DigitalTwin.Api.Detection;
using DigitalTwin.Api.Devices;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Feeds;
using DigitalTwin.Api.Network;
using DigitalTwin.Api.Parameters;
using DigitalTwin.Api.Security;
using DigitalTwin.Api.Sessions;
using DigitalTwin.Api.System;
using DigitalTwin.Api.Twins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Hosting;

public static class ApiHostingExtensions
{
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>Where the browsable reference of the OpenAPI document is served.</summary>
    public const string DocsPath = "/docs";

    /// <summary>Registers the HTTP API: JSON in snake_case, the error envelope for every failure, health checks and OpenAPI.</summary>
    public static IServiceCollection AddTwinApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(sp => new ConfigureOptions<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = sp.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestLineSize = RequestLineChecks.MaxRequestLineBytes;
        }));
        services.AddOptions<FeedOptions>().Bind(configuration.GetSection(FeedOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FeedOptions>, FeedOptionsValidator>();
        services.AddApiSecurity(configuration);
        services.AddApiEdge(configuration);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = null;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));

            // Alerts have one JSON shape, on MQTT, the live feeds and the API alike.
            json.SerializerOptions.Converters.Add(new AnomalyAlertJsonConverter());
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<ApiExceptionHandler>();

        // UseExceptionHandler() without a path refuses to start unless a problem-details service exists.
        services.AddProblemDetails();
        services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("orleans_cluster", timeout: TimeSpan.FromSeconds(5))
            .AddCheck<TwinDirectoryHealthCheck>("twin_directory", timeout: TimeSpan.FromSeconds(5));
        services.AddSingleton<HealthCheckMetrics>();
        services.AddSingleton<IHealthCheckPublisher>(sp => sp.GetRequiredService<HealthCheckMetrics>());
        services.Configure<HealthCheckPublisherOptions>(publisher => publisher.Period = HealthCheckMetrics.Period);
        services.AddOpenApi(openApi =>
        {
            // The Orleans Dashboard's own routes are not part of this API.
            openApi.ShouldInclude = api => api.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            openApi.AddSchemaTransformer(AnomalyAlertSchema.Describe);
            openApi.AddDocumentTransformer(ApiSecurityDocument.DescribeSchemes);
            openApi.AddOperationTransformer(ApiSecurityDocument.DescribeOperation);
            openApi.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Digital Twin Network API";
                document.Info.Description = "Twins of network devices: state, telemetry, lifecycle, presence. Every response uses the envelope {status, data | error, timestamp}.";
                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>Maps <c>/api/v1</c>, the live feeds (<c>/ws</c> and SSE), the OpenAPI document and its browsable reference at <c>/docs</c>.</summary>
    public static IEndpointRouteBuilder MapTwinApi(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseApiHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages(WriteStatusEnvelopeAsync);
        app.UseRequestLineChecks();
        app.UseWebDashboard();
        app.UseRouting();
        app.UseRequestOutcomes();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = app.Services.GetRequiredService<IOptions<FeedOptions>>().Value.HeartbeatInterval });
        app.UseAuthentication();
        app.UseSessionOriginCheck();

        // After authentication, so an authenticated client is counted by its name wherever it connects from.
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapOpenApi(OpenApiPath).AllowAnonymous();

        // Only requests under /docs reach the reference page's middleware: it matches every path it sees against its
        // routes with regular expressions, and allocates doing so, which the API's own requests should not pay for.
        app.UseWhen(context => context.Request.Path.StartsWithSegments(DocsPath), docs => docs.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint(OpenApiPath, "Digital Twin Network API v1");
            ui.RoutePrefix = DocsPath[1..];
            ui.DocumentTitle = "Digital Twin Network API";
        }));

        // Every route of the API refuses query parameters it does not read.
        var api = app.MapGroup("").AddEndpointFilterFactory(QueryParameterFilter.Create);
        api.MapTwinsApi();
        api.MapTwinDataApi();
        api.MapTwinDesiredApi();
        api.MapNetworkApi();
        api.MapDetectionApi();
        api.MapAlertsApi();
        api.MapDatasetsApi();
        api.MapTwinLifecycleApi();
        api.MapCommandsApi();
        api.MapCommandJobsApi();
        api.MapDeviceTypesApi();
        api.MapDevicesApi();
        api.MapCredentialsApi();
        api.MapSystemApi();
        api.MapSessionsApi();
        api.MapFeedsApi();
        api.MapAuditApi();
        return app;
    }

    /// <summary>Gives bodiless error statuses (unknown route, wrong method) the error envelope.</summary>
    private static async Task WriteStatusEnvelopeAsync(StatusCodeContext context)
    {
        var response = context.HttpContext.Response;
        var (code, message) = response.StatusCode switch
        {
            StatusCodes.Status401Unauthorized => (ApiErrorCodes.Unauthorized, "send a valid credential: Authorization: Bearer <JWT>, or X-Api-Key: <key>"),
            StatusCodes.Status403Forbidden => (ApiErrorCodes.Forbidden, "this credential's role may not do that"),
            StatusCodes.Status404NotFound => (ApiErrorCodes.NotFound, $"no resource at {context.HttpContext.Request.Path}"),
            StatusCodes.Status405MethodNotAllowed => (ApiErrorCodes.MethodNotAllowed, $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}"),
            StatusCodes.Status413PayloadTooLarge => (ApiErrorCodes.PayloadTooLarge, "the request body is larger than the limit (Api:MaxRequestBodyBytes)"),
            StatusCodes.Status414UriTooLong => (ApiErrorCodes.UriTooLong, $"the request target is longer than {RequestLineChecks.MaxTargetBytes} bytes"),
            StatusCodes.Status415UnsupportedMediaType => (ApiErrorCodes.ValidationError, "send the body as application/json (a merge patch also as application/merge-patch+json)"),
            _ => (ApiErrorCodes.ValidationError, $"request failed with status {response.StatusCode}"),
        };
        await response.WriteAsJsonAsync(ApiErrorResponse.Of(code, message));
    }
}
