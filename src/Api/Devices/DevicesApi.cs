using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Parameters;
using DigitalTwin.Api.Security;
using DigitalTwin.Api.Twins;
using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Devices;

/// <summary><c>/api/v1/devices</c>: devices as the broker sees them — presence, last contact, health.</summary>
internal static class DevicesApi
{
    public static RouteGroupBuilder MapDevicesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/devices").WithTags("Devices").RequireAuthorization(ApiPolicies.Viewer).AddEndpointFilter<TwinIdFilter>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        api.MapGet("/", ListDevices).WithName(nameof(ListDevices)).WithSummary("List devices with their presence (filter status=online to see connected ones)")
            .WithMetadata(new OpenQueryParameters(TwinQueryReader.MetadataPrefix));
        api.MapGet("/{id}", GetDevice).WithName(nameof(GetDevice)).WithSummary("A device's presence and last contact");
        api.MapGet("/{id}/health", GetDeviceHealth).WithName(nameof(GetDeviceHealth)).WithSummary("Health check of one device");
        return api;
    }

    public static async Task<Results<Ok<ApiResponse<DeviceListResponse>>, JsonHttpResult<ApiErrorResponse>>> ListDevices(
        ITwinDirectory directory, HttpRequest request, CancellationToken cancellationToken,
        string? type = null, string? status = null, int limit = 100, int offset = 0)
    {
        var error = TwinQueryReader.TryRead(request.Query, type, status, null, limit, offset, null, null, out var query);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var page = await directory.QueryAsync(query, cancellationToken);
        var devices = page.Twins
            .Select(t => ToDevice(t.Entry.Id, t.Entry.Type, t.Presence, t.Entry.LastSeen, t.Entry.Lifecycle))
            .ToList();
        return TypedResults.Ok(ApiResponse<DeviceListResponse>.Success(new DeviceListResponse(page.Total, query.Limit, query.Offset, devices)));
    }

    public static async Task<Results<Ok<ApiResponse<DeviceResponse>>, JsonHttpResult<ApiErrorResponse>>> GetDevice(string id, TwinReferences twins)
    {
        var twin = await twins.Get(id).GetAsync();
        return twin is null
            ? ApiErrors.TwinNotFound(id)
            : TypedResults.Ok(ApiResponse<DeviceResponse>.Success(ToDevice(twin.Id, twin.Type, twin.Presence, twin.LastSeen, twin.Lifecycle)));
    }

    public static async Task<Results<Ok<ApiResponse<DeviceHealthResponse>>, JsonHttpResult<ApiErrorResponse>>> GetDeviceHealth(
        string id, TwinReferences twins, IOptions<TwinOptions> options, TimeProvider clock)
    {
        var twin = await twins.Get(id).GetAsync();
        if (twin is null)
        {
            return ApiErrors.TwinNotFound(id);
        }

        var problems = new List<string>();
        if (twin.Presence == PresenceStatus.Offline)
        {
            problems.Add(twin.LastSeen is null ? "the device has never been seen" : "the device is offline");
        }

        if (twin.Lifecycle is TwinLifecycle.Suspended or TwinLifecycle.Decommissioned)
        {
            problems.Add($"the twin is {TwinMapping.Name(twin.Lifecycle)}");
        }

        if (twin.Counters.Rejected > twin.Counters.Accepted)
        {
            problems.Add("more of its messages were rejected than accepted");
        }

        var secondsSince = twin.LastSeen is { } seen ? Math.Round((clock.GetUtcNow() - seen).TotalSeconds, 3) : (double?)null;
        var counts = new TwinMessageCounts(twin.Counters.Accepted, twin.Counters.Stale, twin.Counters.Ignored, twin.Counters.Rejected, twin.Counters.ClockSkewed);
        return TypedResults.Ok(ApiResponse<DeviceHealthResponse>.Success(new DeviceHealthResponse(
            id, problems.Count == 0, TwinMapping.Name(twin.Presence), TwinMapping.Name(twin.Lifecycle), twin.LastSeen,
            secondsSince, options.Value.InactivityTimeout.TotalSeconds, counts, problems)));
    }

    private static DeviceResponse ToDevice(string id, string type, PresenceStatus presence, DateTimeOffset? lastSeen, TwinLifecycle lifecycle) =>
        new(id, type, TwinMapping.Name(presence), presence == PresenceStatus.Online, lastSeen, TwinMapping.Name(lifecycle));
}
