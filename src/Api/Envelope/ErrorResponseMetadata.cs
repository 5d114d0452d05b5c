using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Envelope;

/// <summary>
/// Declares the error envelope in the OpenAPI document for the statuses a route group can answer; the
/// handlers return it as a JSON result, which carries no status of its own for the document.
/// </summary>
internal static class ErrorResponseMetadata
{
    public static RouteGroupBuilder ProducesErrors(this RouteGroupBuilder group, params int[] statuses)
    {
        foreach (var status in statuses.Append(StatusCodes.Status500InternalServerError))
        {
            group.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiErrorResponse), ["application/json"]));
        }

        return group;
    }
}
