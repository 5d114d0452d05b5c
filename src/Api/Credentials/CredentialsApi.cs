using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Api.Twins;
using DigitalTwin.Grains.Credentials;
using DigitalTwin.Grains.Interfaces.Credentials;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Credentials;

/// <summary>
/// <c>/api/v1/twins/{id}/credentials</c>: the secrets a device authenticates to the broker with (MQTT username = device
/// id, password = secret). A secret is shown once, in the answer that issues it; the platform keeps only its hash.
/// The device need not have a twin yet: with auto-discovery its first message creates one.
/// </summary>
internal static class CredentialsApi
{
    public static RouteGroupBuilder MapCredentialsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/twins/{id}/credentials").WithTags("Device credentials").RequireAuthorization(ApiPolicies.Admin)
            .AddEndpointFilter<TwinIdFilter>()
            .ProducesErrors(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        api.MapGet("/", ListCredentials).WithName(nameof(ListCredentials))
            .WithSummary("List a device's active broker credentials: ids, when issued, when last accepted (never secrets)");
        api.MapPost("/", IssueCredential).WithName(nameof(IssueCredential))
            .WithSummary($"Issue a new broker secret for the device, returned only in this answer; the active ones stay valid (rotation). At most {DeviceCredentialLimits.MaxActive} active (409 beyond)");
        api.MapDelete("/{credentialId}", RevokeCredential).WithName(nameof(RevokeCredential))
            .WithSummary("Revoke one credential: the broker refuses it on the next connection; a connection using it is closed (404 for an unknown credential)");
        api.MapDelete("/", RevokeAllCredentials).WithName(nameof(RevokeAllCredentials))
            .WithSummary("Revoke every credential of the device");
        return api;
    }

    public static async Task<Ok<ApiResponse<CredentialListResponse>>> ListCredentials(string id, IGrainFactory grains)
    {
        var credentials = await grains.GetGrain<IDeviceCredentialsGrain>(id).ListAsync();
        return TypedResults.Ok(ApiResponse<CredentialListResponse>.Success(new CredentialListResponse(id, [.. credentials.Select(CredentialResponse.Of)])));
    }

    public static async Task<Results<Created<ApiResponse<IssuedCredentialResponse>>, JsonHttpResult<ApiErrorResponse>>> IssueCredential(
        string id, IGrainFactory grains, TwinReferences twins, HttpResponse response)
    {
        // Decommissioning revoked the device's credentials for good; a new one would let a retired device back onto the
        // broker. Deleting the twin frees the id.
        if (await twins.Get(id).GetAsync() is { Lifecycle: TwinLifecycle.Decommissioned })
        {
            return ApiErrors.Of(StatusCodes.Status409Conflict, ApiErrorCodes.TwinDecommissioned,
                $"twin '{id}' is decommissioned: its device gets no broker credential (delete the twin to use the id again)");
        }

        var result = await grains.GetGrain<IDeviceCredentialsGrain>(id).IssueAsync();
        if (result.Status == CredentialIssueStatus.LimitReached)
        {
            return ApiErrors.Of(StatusCodes.Status409Conflict, ApiErrorCodes.CredentialLimitReached,
                $"device '{id}' already has {DeviceCredentialLimits.MaxActive} active credentials: revoke one (DELETE /api/v1/twins/{id}/credentials/{{credentialId}}) before issuing another");
        }

        // The secret is in this body and nowhere else: no cache may keep it.
        response.Headers.CacheControl = "no-store";
        var credential = result.Credential!;
        return TypedResults.Created(
            $"/api/v1/twins/{id}/credentials/{credential.Id}",
            ApiResponse<IssuedCredentialResponse>.Success(new IssuedCredentialResponse(credential.Id, id, id, result.Secret!, credential.CreatedAt)));
    }

    public static async Task<Results<NoContent, JsonHttpResult<ApiErrorResponse>>> RevokeCredential(
        string id, string credentialId, IGrainFactory grains, IDeviceSessions sessions)
    {
        if (!await grains.GetGrain<IDeviceCredentialsGrain>(id).RevokeAsync(credentialId))
        {
            return ApiErrors.Of(StatusCodes.Status404NotFound, ApiErrorCodes.CredentialNotFound, $"device '{id}' has no active credential '{ApiErrors.Echo(credentialId)}'");
        }

        await sessions.CloseAsync(id, credentialId);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ApiResponse<CredentialsRevokedResponse>>> RevokeAllCredentials(string id, IGrainFactory grains, IDeviceSessions sessions)
    {
        var count = await grains.GetGrain<IDeviceCredentialsGrain>(id).RevokeAllAsync();
        await sessions.CloseAsync(id, null);
        return TypedResults.Ok(ApiResponse<CredentialsRevokedResponse>.Success(new CredentialsRevokedResponse(id, count)));
    }
}
