using DigitalTwin.Api.Envelope;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Alerts;

/// <summary>Refuses a request whose <c>{alertId}</c> route value is not an alert id, before any grain is touched.</summary>
internal sealed class AlertIdFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.GetRouteValue("alertId") is string id && !AlertIdentifier.TryParse(id, out _))
        {
            return ValueTask.FromResult<object?>(ApiErrors.Validation($"'{ApiErrors.Echo(id)}' is not a valid alert id: {AlertIdentifier.Rule}"));
        }

        return next(context);
    }
}
