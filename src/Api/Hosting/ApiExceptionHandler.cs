using System.Text.Json;
using DigitalTwin.Api.Envelope;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Api.Hosting;

/// <summary>
/// Answers every exception in the error envelope: unreadable or oversized bodies and unparsable
/// parameters are the client's (400/413), a cluster that cannot be reached is 503, the rest is 500.
/// </summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, code, message) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, ApiErrorCodes.PayloadTooLarge, "the request body is larger than the limit"),
            BadHttpRequestException { InnerException: JsonException json } =>
                (StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidJson, $"the request body is not valid JSON for this operation: {json.Message}"),
            BadHttpRequestException bad =>
                (bad.StatusCode, ApiErrorCodes.ValidationError, bad.Message),
            SiloUnavailableException or OrleansMessageRejectionException or TimeoutException =>
                (StatusCodes.Status503ServiceUnavailable, ApiErrorCodes.ServiceUnavailable, "the twin cluster is not available; retry later"),
            _ => (StatusCodes.Status500InternalServerError, ApiErrorCodes.InternalError, "an unexpected error occurred"),
        };

        if (status >= StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(ApiErrorResponse.Of(code, message), cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Path} failed")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
