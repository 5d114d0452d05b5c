using DigitalTwin.Api.Envelope;
using DigitalTwin.Grains.Twins;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DigitalTwin.Api.Twins;

/// <summary>Refuses a request whose <c>{id}</c> route value is not a valid device id, before any grain is touched.</summary>
internal sealed class TwinIdFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (context.HttpContext.GetRouteValue("id") is string id && !DeviceId.IsValid(id))
        {
            var shown = ApiErrors.Echo(id);
            return ValueTask.FromResult<object?>(ApiErrors.Validation($"'{shown}' is not a valid twin id: {DeviceId.Rule}"));
        }

        return next(context);
    }
}
