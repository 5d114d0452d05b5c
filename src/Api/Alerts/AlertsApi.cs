using System.ComponentModel;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Grains.Detection;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Grains.Interfaces.Detection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Alerts;

/// <summary>
/// <c>/api/v1/alerts</c>: the anomaly alerts of every twin from the alert index, one alert by id, and a person's
/// acknowledgement or clearing of an alert (through its twin, which announces the change).
/// </summary>
internal static class AlertsApi
{
    /// <summary>Who acknowledges or clears when the API runs without authentication.</summary>
    public const string AnonymousCaller = "api";

    public static RouteGroupBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/alerts").WithTags("Alerts").RequireAuthorization(ApiPolicies.Viewer).AddEndpointFilter<AlertIdFilter>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        api.MapGet("/", ListAlerts).WithName(nameof(ListAlerts))
            .WithSummary("List anomaly alerts of every twin from the alert index, filtered and paged, newest change first");
        api.MapGet("/{alertId}", GetAlert).WithName(nameof(GetAlert)).WithSummary("Get one anomaly alert by id ({twin id}:{number})");
        api.MapPost("/{alertId}/ack", AcknowledgeAlert).RequireAuthorization(ApiPolicies.Operator).WithName(nameof(AcknowledgeAlert))
            .WithSummary("Acknowledge an anomaly alert (repeating it changes nothing)");
        api.MapPost("/{alertId}/clear", ClearAlert).RequireAuthorization(ApiPolicies.Operator).WithName(nameof(ClearAlert))
            .WithSummary("Clear an anomaly alert by hand (repeating it changes nothing)");
        return api;
    }

    public static async Task<Results<Ok<ApiResponse<AlertListResponse>>, JsonHttpResult<ApiErrorResponse>>> ListAlerts(
        IAlertStore alerts, HttpRequest request, CancellationToken cancellationToken,
        [FromQuery(Name = "twin_id"), Description(AlertListParameters.TwinId)] string? twinId = null,
        [Description(AlertListParameters.Type)] string? type = null,
        [Description(AlertListParameters.Severity)] string? severity = null,
        [Description(AlertListParameters.Status)] string? status = null,
        [Description(AlertListParameters.Acknowledged)] bool? acknowledged = null,
        [Description(AlertListParameters.From)] DateTimeOffset? from = null,
        [Description(AlertListParameters.To)] DateTimeOffset? to = null,
        [Description(AlertListParameters.Limit)] int limit = AlertQuery.DefaultLimit,
        [Description(AlertListParameters.Cursor)] string? cursor = null)
    {
        var error = AlertQueryReader.TryRead(request.Query, twinId, type, severity, status, acknowledged, from, to, limit, cursor, out var query);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var page = await alerts.QueryAsync(query, cancellationToken);
        return TypedResults.Ok(ApiResponse<AlertListResponse>.Success(new AlertListResponse(page.Total, query.Limit, page.Alerts, page.NextCursor)));
    }

    public static async Task<Results<Ok<ApiResponse<AnomalyAlert>>, JsonHttpResult<ApiErrorResponse>>> GetAlert(
        string alertId, IGrainFactory grains, IAlertStore alerts, CancellationToken cancellationToken)
    {
        var id = Parse(alertId);

        // The twin's own list is the freshest; the index also holds what the twin's bounded list dropped.
        var own = await grains.GetGrain<ITwinDetectionGrain>(id.TwinId).GetAlertsAsync();
        var alert = own?.FirstOrDefault(a => a.Number == id.Number) ?? await alerts.FindAsync(id.ToString(), cancellationToken);
        return alert is null ? ApiErrors.AlertNotFound(id.ToString()) : TypedResults.Ok(ApiResponse<AnomalyAlert>.Success(alert));
    }

    public static Task<Results<Ok<ApiResponse<AnomalyAlert>>, JsonHttpResult<ApiErrorResponse>>> AcknowledgeAlert(
        string alertId, HttpContext context, IGrainFactory grains)
    {
        var id = Parse(alertId);
        return WriteAsync(id, grains.GetGrain<ITwinDetectionGrain>(id.TwinId).AcknowledgeAlertAsync(id.Number, Caller(context)));
    }

    public static Task<Results<Ok<ApiResponse<AnomalyAlert>>, JsonHttpResult<ApiErrorResponse>>> ClearAlert(
        string alertId, HttpContext context, IGrainFactory grains)
    {
        var id = Parse(alertId);
        return WriteAsync(id, grains.GetGrain<ITwinDetectionGrain>(id.TwinId).ClearAlertAsync(id.Number, Caller(context)));
    }

    /// <summary>The authenticated caller's name; <see cref="AnonymousCaller"/> when the API is open.</summary>
    private static string Caller(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : AnonymousCaller;

    private static AlertIdentifier Parse(string alertId) =>
        AlertIdentifier.TryParse(alertId, out var id) ? id : throw new InvalidOperationException("AlertIdFilter lets only alert ids through");

    private static async Task<Results<Ok<ApiResponse<AnomalyAlert>>, JsonHttpResult<ApiErrorResponse>>> WriteAsync(AlertIdentifier id, Task<AlertWriteResult> write)
    {
        var result = await write;
        return result.Status switch
        {
            AlertWriteStatus.Done or AlertWriteStatus.Unchanged => TypedResults.Ok(ApiResponse<AnomalyAlert>.Success(result.Alert!)),
            AlertWriteStatus.TwinNotFound => ApiErrors.TwinNotFound(id.TwinId),
            _ => ApiErrors.AlertNotFound(id.ToString()),
        };
    }
}
