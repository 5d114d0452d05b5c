using System.ComponentModel;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Api.Security;
using DigitalTwin.Grains.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Audit;

/// <summary><c>/api/v1/audit</c>: the recorded state-changing and refused API calls, for admins.</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(ApiPolicies.Admin).ProducesErrors(StatusCodes.Status400BadRequest);
        api.MapGet("/", ListAuditEntries).WithName(nameof(ListAuditEntries))
            .WithSummary("List audited API calls (every write, every refused call), filtered by time, actor and outcome, newest first");
        return api;
    }

    public static async Task<Results<Ok<ApiResponse<AuditListResponse>>, JsonHttpResult<ApiErrorResponse>>> ListAuditEntries(
        IAuditLog audit, HttpRequest request, CancellationToken cancellationToken,
        [Description("Only calls at or after this time (ISO 8601).")] DateTimeOffset? from = null,
        [Description("Only calls at or before this time (ISO 8601).")] DateTimeOffset? to = null,
        [Description("Only calls of this caller (API key name or JWT subject; 'anonymous' for calls without a valid credential).")] string? actor = null,
        [Description("Only succeeded (2xx/3xx), refused (401/403) or failed (other 4xx/5xx) calls.")] string? outcome = null,
        [Description("Entries per page, 1-1000 (default 100).")] int limit = AuditQuery.DefaultLimit,
        [Description("Continue after the last entry of an earlier page: its next_cursor, with the same filters.")] string? cursor = null)
    {
        if (AuditQueryReader.TryRead(request.Query, from, to, actor, outcome, limit, cursor, out var query) is { } error)
        {
            return ApiErrors.Validation(error);
        }

        var page = await audit.QueryAsync(query, cancellationToken);
        var next = page.NextBefore is { } before ? AuditCursor.Encode(before) : null;
        return TypedResults.Ok(ApiResponse<AuditListResponse>.Success(new AuditListResponse(page.Entries.Count, query.Limit, page.Entries, next)));
    }
}
