using DigitalTwin.Api.Envelope;
using Microsoft.AspNetCore.Http;

namespace DigitalTwin.Api.Parameters;

/// <summary>
/// Refuses a query parameter the route does not read with 400 <c>UNKNOWN_PARAMETER</c> naming it, so a typo
/// (<c>?lmit=5</c>) is an error instead of a silently ignored filter. The route's parameters are read once, when
/// the endpoint is built.
/// </summary>
internal static class QueryParameterFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var parameters = QueryParameters.Of(context.MethodInfo);
        return invocation =>
        {
            var unknown = parameters.FindUnknown(invocation.HttpContext);
            return unknown is null
                ? next(invocation)
                : ValueTask.FromResult<object?>(ApiErrors.Of(StatusCodes.Status400BadRequest, ApiErrorCodes.UnknownParameter, unknown));
        };
    }
}
