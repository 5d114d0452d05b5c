using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Api.Twins;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Network;
using DigitalTwin.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Network;

/// <summary><c>/api/v1/twins/{id}/network</c>: the network behaviour a twin observed, recent windows and running statistics.</summary>
internal static class NetworkApi
{
    public const int DefaultLimit = 60;

    public static RouteGroupBuilder MapNetworkApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/twins/{id}").WithTags("Network behaviour").RequireAuthorization(ApiPolicies.Viewer).AddEndpointFilter<TwinIdFilter>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        api.MapGet("/network", GetNetwork).WithName(nameof(GetNetwork))
            .WithSummary("Recent network-behaviour windows (newest first, at most limit, starting within from..to) with per-feature running statistics");
        return api;
    }

    public static async Task<Results<Ok<ApiResponse<NetworkResponse>>, JsonHttpResult<ApiErrorResponse>>> GetNetwork(
        string id,
        IGrainFactory grains,
        IOptions<NetworkOptions> options,
        DateTimeOffset? from = null,
        DateTimeOffset? to = null,
        int limit = DefaultLimit)
    {
        var most = options.Value.RecentWindows;
        if (limit < 1 || limit > most)
        {
            return ApiErrors.Validation($"'limit' must be between 1 and {most} (Network:RecentWindows)");
        }

        if (from is { } start && to is { } end && start > end)
        {
            return ApiErrors.Validation("'from' must not be after 'to'");
        }

        var view = await grains.GetGrain<ITwinNetworkGrain>(id).GetNetworkAsync(new NetworkWindowQuery(from, to, limit));
        if (view is null)
        {
            return ApiErrors.TwinNotFound(id);
        }

        var windows = view.Windows.Select(ToResponse).ToList();
        var response = new NetworkResponse(
            id,
            view.DeviceType,
            view.Source is { } source ? WireNames.Of(source) : null,
            windows.Count,
            windows,
            view.Statistics.SchemaVersion == 0 ? null : view.Statistics.SchemaVersion,
            view.Statistics.Windows,
            ToResponse(view.Statistics),
            new NetworkWindowCounts(view.WindowsAccepted, view.WindowsOutOfOrder, view.WindowsDuplicate, view.SchemaChanges, view.WindowsSourceConflicts),
            view.LatestWindowStart);
        return TypedResults.Ok(ApiResponse<NetworkResponse>.Success(response));
    }

    private static NetworkWindowResponse ToResponse(NetworkWindowRecord window)
    {
        var features = new Dictionary<string, double>(FeatureCatalog.Count, StringComparer.Ordinal);
        foreach (var feature in FeatureCatalog.All)
        {
            var index = (int)feature.Feature;
            if (FeatureCatalog.Defines(window.SchemaVersion, feature.Feature) && index < window.Values.Length && double.IsFinite(window.Values[index]))
            {
                features[feature.Name] = window.Values[index];
            }
        }

        return new NetworkWindowResponse(window.Start, window.Start.AddSeconds(window.Seconds), window.Seconds, window.SchemaVersion, features);
    }

    /// <summary>
    /// The features of the statistics' schema version (of the current one before the first window), each by name: a
    /// feature that version does not define is left out, as it is from a window of that version.
    /// </summary>
    private static Dictionary<string, FeatureStatisticsResponse> ToResponse(NetworkFeatureStatistics statistics)
    {
        var version = statistics.SchemaVersion == 0 ? FeatureCatalog.SchemaVersion : statistics.SchemaVersion;
        var byName = new Dictionary<string, FeatureStatisticsResponse>(FeatureCatalog.Count, StringComparer.Ordinal);
        foreach (var feature in FeatureCatalog.All)
        {
            var i = (int)feature.Feature;
            if (!FeatureCatalog.Defines(version, feature.Feature))
            {
                continue;
            }

            byName[feature.Name] = i >= statistics.Counts.Length || statistics.Counts[i] == 0
                ? new FeatureStatisticsResponse(0, null, null, null, null, null)
                : new FeatureStatisticsResponse(
                    statistics.Counts[i], statistics.Means[i], statistics.Stds[i], statistics.Minimums[i], statistics.Maximums[i], statistics.WeightedMeans[i]);
        }

        return byName;
    }
}
