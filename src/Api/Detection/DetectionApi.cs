using System.ComponentModel;
using DigitalTwin.Api.Alerts;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Api.Twins;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Grains.Interfaces.Detection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Detection;

/// <summary><c>/api/v1/twins/{id}/alerts</c> and <c>/baseline</c>: a twin's own anomaly alerts and the behaviour baseline its windows are scored against.</summary>
internal static class DetectionApi
{
    public static RouteGroupBuilder MapDetectionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/twins/{id}").WithTags("Detection").RequireAuthorization(ApiPolicies.Viewer).AddEndpointFilter<TwinIdFilter>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        api.MapGet("/alerts", ListTwinAlerts).WithName(nameof(ListTwinAlerts))
            .WithSummary("A twin's own anomaly alerts, newest first (its bounded list; the alert index keeps older ones)");
        api.MapGet("/baseline", GetBaseline).WithName(nameof(GetBaseline))
            .WithSummary("A twin's behaviour baseline: per feature centre, low, high and spread, its warm-up, and its peers' while it warms up");
        return api;
    }

    public static async Task<Results<Ok<ApiResponse<TwinAlertsResponse>>, JsonHttpResult<ApiErrorResponse>>> ListTwinAlerts(
        string id, IGrainFactory grains,
        [Description(AlertListParameters.Status)] string? status = null,
        [Description(AlertListParameters.Type)] string? type = null,
        [Description(AlertListParameters.Severity)] string? severity = null,
        [Description(AlertListParameters.Limit)] int limit = AlertQuery.DefaultLimit)
    {
        var error = AlertQueryReader.TryReadFilters(type, severity, status, limit, out var alertType, out var alertSeverity, out var alertStatus);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var alerts = await grains.GetGrain<ITwinDetectionGrain>(id).GetAlertsAsync();
        if (alerts is null)
        {
            return ApiErrors.TwinNotFound(id);
        }

        var matches = alerts.Where(a => (alertType is null || a.Type == alertType)
            && (alertSeverity is null || a.Severity == alertSeverity)
            && (alertStatus is null || a.Status == alertStatus)).ToList();
        return TypedResults.Ok(ApiResponse<TwinAlertsResponse>.Success(new TwinAlertsResponse(id, matches.Count, limit, matches.Take(limit).ToList())));
    }

    public static async Task<Results<Ok<ApiResponse<TwinBaselineResponse>>, JsonHttpResult<ApiErrorResponse>>> GetBaseline(string id, IGrainFactory grains)
    {
        var view = await grains.GetGrain<ITwinDetectionGrain>(id).GetBaselineAsync();
        if (view is null)
        {
            return ApiErrors.TwinNotFound(id);
        }

        return TypedResults.Ok(ApiResponse<TwinBaselineResponse>.Success(new TwinBaselineResponse(
            view.TwinId, view.TwinType, view.Warm, view.WarmUpSeconds, view.ScoredAgainst, view.WindowsScored, view.WindowsFlagged,
            ToResponse(view.Own), view.Peer is { } peer ? ToResponse(peer) : null)));
    }

    private static BaselineResponse ToResponse(BaselineView view)
    {
        var features = new Dictionary<string, FeatureBaselineResponse>(view.Features.Count, StringComparer.Ordinal);
        foreach (var feature in view.Features)
        {
            features[feature.Feature] = new FeatureBaselineResponse(
                Known(feature.Centre), Known(feature.Low), Known(feature.High), Known(feature.Spread), Known(feature.Windows) ?? 0);
        }

        return new BaselineResponse(view.SchemaVersion, view.Windows, view.Seconds, view.Flagged, Known(view.DailyCycleFactor) ?? 1, features);
    }

    /// <summary>NaN (nothing learnt) and infinities as null, which JSON can hold.</summary>
    private static double? Known(double value) => double.IsFinite(value) ? value : null;
}
