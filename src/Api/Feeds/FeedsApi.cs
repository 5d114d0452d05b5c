using System.ComponentModel;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Api.Twins;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Events;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Feeds;

/// <summary>
/// The live feeds: a WebSocket at <c>/ws</c> with subscribe/unsubscribe frames, and Server-Sent Events on
/// <c>/api/v1/twins/{id}/events</c> and <c>/api/v1/events</c>, and the batched firehose on <c>/api/v1/events/batches</c>.
/// All behind the API policy.
/// </summary>
internal static partial class FeedsApi
{
    public const string WebSocketPath = "/ws";

    private const string EventsDescription = "Comma-separated event types: twin_update, presence, alert, command_status, anomaly_alert (default: all)";

    private const string SeverityDescription = "Only anomaly_alert events of this severity: warning or critical (other event types are not affected)";

    private const string AlertTypeDescription = "Only anomaly_alert events of this suspected behaviour, e.g. port_scan (other event types are not affected)";

    public static IEndpointRouteBuilder MapFeedsApi(this IEndpointRouteBuilder app)
    {
        var twin = app.MapGroup("/api/v1/twins/{id}").WithTags("Live feeds").RequireAuthorization(ApiPolicies.Viewer).AddEndpointFilter<TwinIdFilter>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        twin.MapGet("/events", StreamTwinEvents).WithName(nameof(StreamTwinEvents))
            .WithSummary("Server-Sent Events of one twin: twin_update, presence, alert, command_status and anomaly_alert as they happen");
        var all = app.MapGroup("/api/v1/events").WithTags("Live feeds").RequireAuthorization(ApiPolicies.Viewer)
            .ProducesErrors(StatusCodes.Status400BadRequest);
        all.MapGet("/", StreamEvents).WithName(nameof(StreamEvents))
            .WithSummary("Server-Sent Events of every twin, or of one twin id or device type, optionally of some event types");
        all.MapGet("/batches", StreamEventBatches).WithName(nameof(StreamEventBatches))
            .WithSummary("Server-Sent Events in batches, for consumers of every update: each message carries all the events that waited, up to max_events");
        app.Map(WebSocketPath, AcceptWebSocketAsync).RequireAuthorization(ApiPolicies.Viewer).ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<EventStreamResult, JsonHttpResult<ApiErrorResponse>>> StreamTwinEvents(
        string id, TwinReferences twins,
        [Description(EventsDescription)] string? events = null,
        [Description(SeverityDescription)] string? severity = null,
        [FromQuery(Name = "alert_type"), Description(AlertTypeDescription)] string? alertType = null)
    {
        var error = FeedRequestReader.TryReadQuery(id, null, events, severity, alertType, out var filter);
        if (error is not null)
        {
            return ApiErrors.Validation(error.Message);
        }

        return await twins.Get(id).GetAsync() is null ? ApiErrors.TwinNotFound(id) : new EventStreamResult(filter!);
    }

    public static Results<EventStreamResult, JsonHttpResult<ApiErrorResponse>> StreamEvents(
        [FromQuery(Name = "twin_id"), Description("Only this twin")] string? twinId = null,
        [Description("Only twins of this device type")] string? type = null,
        [Description(EventsDescription)] string? events = null,
        [Description(SeverityDescription)] string? severity = null,
        [FromQuery(Name = "alert_type"), Description(AlertTypeDescription)] string? alertType = null)
    {
        var error = FeedRequestReader.TryReadQuery(twinId, type, events, severity, alertType, out var filter);
        return error is not null ? ApiErrors.Validation(error.Message) : new EventStreamResult(filter!);
    }

    public static Results<BatchedEventStreamResult, JsonHttpResult<ApiErrorResponse>> StreamEventBatches(
        IOptions<FeedOptions> options,
        [FromQuery(Name = "twin_id"), Description("Only this twin")] string? twinId = null,
        [Description("Only twins of this device type")] string? type = null,
        [Description(EventsDescription)] string? events = null,
        [Description(SeverityDescription)] string? severity = null,
        [FromQuery(Name = "alert_type"), Description(AlertTypeDescription)] string? alertType = null,
        [FromQuery(Name = "max_events"), Description("Most events in one batch, 1 to Api:Feeds:MaxBatchEvents (default that limit, 1000)")] int? maxEvents = null)
    {
        var limit = options.Value.MaxBatchEvents;
        if (maxEvents is { } asked && (asked < 1 || asked > limit))
        {
            return ApiErrors.Validation($"'max_events' must be between 1 and {limit} (Api:Feeds:MaxBatchEvents), got {asked}");
        }

        var error = FeedRequestReader.TryReadQuery(twinId, type, events, severity, alertType, out var filter);
        return error is not null ? ApiErrors.Validation(error.Message) : new BatchedEventStreamResult(filter!, maxEvents ?? limit);
    }

    private static async Task AcceptWebSocketAsync(
        HttpContext context, TwinEventHub hub, FeedMetrics metrics, IOptions<FeedOptions> options, TimeProvider clock,
        IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(ApiErrorResponse.Of(ApiErrorCodes.ValidationError, $"{WebSocketPath} takes WebSocket connections only"));
            return;
        }

        var logger = loggers.CreateLogger(typeof(WebSocketFeedSession));
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var consumer = new FeedConsumer($"ws:{context.Connection.Id}", options.Value.BufferSize, metrics.EventDroppedForConsumer);
        hub.Connect(consumer);
        LogConnected(logger, consumer.Name);
        try
        {
            // Ends with the client or with the silo: an open feed must not hold up shutdown.
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            await new WebSocketFeedSession(socket, consumer, options.Value, clock, logger).RunAsync(ended.Token);
        }
        finally
        {
            hub.Disconnect(consumer);
            LogDisconnected(logger, consumer.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed consumer {Consumer} connected")]
    private static partial void LogConnected(ILogger logger, string consumer);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Feed consumer {Consumer} disconnected")]
    private static partial void LogDisconnected(ILogger logger, string consumer);
}
