using System.ComponentModel;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Parameters;
using DigitalTwin.Api.Security;
using DigitalTwin.Grains.Credentials;
using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Twins;

/// <summary><c>/api/v1/twins</c>: list, create, read, replace and delete twins.</summary>
internal static class TwinsApi
{
    public const int MaxPageSize = 1000;

    public static RouteGroupBuilder MapTwinsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/twins").WithTags("Twins").RequireAuthorization(ApiPolicies.Viewer).AddEndpointFilter<TwinIdFilter>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/", ListTwins).WithName(nameof(ListTwins)).WithSummary("List twins from the twin directory, filtered, sorted and paged")
            .AddOpenApiOperationTransformer(TwinListParameters.DescribeMetadataFilter).WithMetadata(new OpenQueryParameters(TwinQueryReader.MetadataPrefix));
        api.MapPost("/", CreateTwin).RequireAuthorization(ApiPolicies.Admin).WithName(nameof(CreateTwin)).WithSummary("Create a twin (lifecycle pending until activated or its device reports)")
            .WithVersionedWrite();
        api.MapGet("/{id}", GetTwin).WithName(nameof(GetTwin)).WithSummary("Get one twin").WithVersionedRead();
        api.MapPut("/{id}", ReplaceTwin).RequireAuthorization(ApiPolicies.Admin).WithName(nameof(ReplaceTwin)).WithSummary("Replace a twin's type, metadata and properties").WithVersionedWrite();
        api.MapDelete("/{id}", DeleteTwin).RequireAuthorization(ApiPolicies.Admin).WithName(nameof(DeleteTwin)).WithSummary("Delete a twin and all its data, and revoke its device's broker credentials (its open connections are closed)").WithVersionedWrite(answersWithTwin: false);
        return api;
    }

    public static async Task<Results<Ok<ApiResponse<TwinListResponse>>, JsonHttpResult<ApiErrorResponse>>> ListTwins(
        ITwinDirectory directory, HttpRequest request, CancellationToken cancellationToken,
        [Description(TwinListParameters.Type)] string? type = null,
        [Description(TwinListParameters.Status)] string? status = null,
        [Description(TwinListParameters.Lifecycle)] string? lifecycle = null,
        [Description(TwinListParameters.Limit)] int limit = 100,
        [Description(TwinListParameters.Offset)] int? offset = null,
        [Description(TwinListParameters.Sort)] string? sort = null,
        [Description(TwinListParameters.Cursor)] string? cursor = null,
        [Description(TwinListParameters.IdPrefix), FromQuery(Name = "id_prefix")] string? idPrefix = null)
    {
        var error = TwinQueryReader.TryRead(request.Query, type, status, lifecycle, limit, offset, sort, cursor, out var query, idPrefix);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var page = await directory.QueryAsync(query, cancellationToken);
        var twins = page.Twins.Select(t => t.ToSummary()).ToList();
        return TypedResults.Ok(ApiResponse<TwinListResponse>.Success(new TwinListResponse(page.Total, query.Limit, query.Offset, twins, page.NextCursor)));
    }

    public static async Task<Results<Created<ApiResponse<TwinResponse>>, JsonHttpResult<ApiErrorResponse>>> CreateTwin(
        CreateTwinRequest request, HttpContext context, TwinReferences twins)
    {
        var error = TwinVersionHeaders.TryRead(context.Request, isRead: false, out var precondition);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        if (string.IsNullOrEmpty(request.Id) || !DeviceId.IsValid(request.Id))
        {
            return ApiErrors.Validation($"'id' is required: {DeviceId.Rule}");
        }

        error = TwinRequests.TryReadDefinition(request.Type, request.Metadata, request.Properties, out var definition);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var result = await twins.Get(request.Id).CreateAsync(definition, precondition);
        if (!result.Succeeded)
        {
            return ApiErrors.FromWrite(request.Id, result);
        }

        TwinVersionHeaders.SetETag(context.Response, result.Twin!.Version);
        return TypedResults.Created($"/api/v1/twins/{request.Id}", ApiResponse<TwinResponse>.Success(result.Twin.ToResponse()));
    }

    public static async Task<Results<Ok<ApiResponse<TwinResponse>>, StatusCodeHttpResult, JsonHttpResult<ApiErrorResponse>>> GetTwin(
        string id, HttpContext context, TwinReferences twins)
    {
        var error = TwinVersionHeaders.TryRead(context.Request, isRead: true, out var precondition);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var twin = await twins.Get(id).GetAsync();
        return twin is null ? ApiErrors.TwinNotFound(id) : VersionedTwinResults.Read(context.Response, twin, precondition, TwinMapping.ToResponse);
    }

    public static async Task<Results<Ok<ApiResponse<TwinResponse>>, JsonHttpResult<ApiErrorResponse>>> ReplaceTwin(
        string id, ReplaceTwinRequest request, HttpContext context, TwinReferences twins)
    {
        var error = TwinVersionHeaders.TryRead(context.Request, isRead: false, out var precondition);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        error = TwinRequests.TryReadDefinition(request.Type, request.Metadata, request.Properties, out var definition);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var result = await twins.Get(id).ReplaceDefinitionAsync(definition, precondition);
        return VersionedTwinResults.Written(context.Response, id, result, TwinMapping.ToResponse);
    }

    public static async Task<Results<Ok<ApiResponse<DeletedTwin>>, JsonHttpResult<ApiErrorResponse>>> DeleteTwin(
        string id, HttpContext context, TwinReferences twins, IDeviceSessions sessions)
    {
        var error = TwinVersionHeaders.TryRead(context.Request, isRead: false, out var precondition);
        if (error is not null)
        {
            return ApiErrors.Validation(error);
        }

        var result = await twins.Get(id).DeleteAsync(precondition);
        if (!result.Succeeded)
        {
            return ApiErrors.FromWrite(id, result);
        }

        // The grain revoked the device's credentials; its open connections go as after DELETE .../credentials.
        await sessions.CloseAsync(id, null);
        return TypedResults.Ok(ApiResponse<DeletedTwin>.Success(new DeletedTwin(id, true)));
    }
}
