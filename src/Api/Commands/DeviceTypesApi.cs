using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Grains.Commands;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Commands;

/// <summary><c>/api/v1/device-types</c>: the device types and the actions, with parameter schemas, their twins accept as commands.</summary>
internal static class DeviceTypesApi
{
    public static RouteGroupBuilder MapDeviceTypesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/device-types").WithTags("Commands").RequireAuthorization(ApiPolicies.Viewer)
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        api.MapGet("/", ListDeviceTypes).WithName(nameof(ListDeviceTypes)).WithSummary("List device types and the commands they accept");
        api.MapGet("/{type}", GetDeviceType).WithName(nameof(GetDeviceType)).WithSummary("Get one device type's actions and parameter schemas");
        return api;
    }

    public static Ok<ApiResponse<IReadOnlyList<DeviceTypeResponse>>> ListDeviceTypes(CommandCatalog catalog) =>
        TypedResults.Ok(ApiResponse<IReadOnlyList<DeviceTypeResponse>>.Success(
            catalog.DeviceTypes.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => t.ToResponse()).ToList()));

    public static Results<Ok<ApiResponse<DeviceTypeResponse>>, JsonHttpResult<ApiErrorResponse>> GetDeviceType(string type, CommandCatalog catalog) =>
        catalog.DeviceTypes.TryGetValue(type, out var declaration)
            ? TypedResults.Ok(ApiResponse<DeviceTypeResponse>.Success(new KeyValuePair<string, DeviceTypeDeclaration>(type, declaration).ToResponse()))
            : ApiErrors.Of(StatusCodes.Status404NotFound, ApiErrorCodes.DeviceTypeNotFound, $"no device type '{ApiErrors.Echo(type)}' is declared");
}
