using System.Reflection;
using System.Text.Json;
using DigitalTwin.Api.Parameters;
using DigitalTwin.Api.Envelope;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Interfaces.Twins;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Api.Hosting;

/// <summary>
/// Answers every exception in the error envelope: unreadable or oversized bodies and unparsable
/// parameters are the client's (400/413); a failure a retry may get past (<see cref="TransientFailure"/>: the cluster
/// or PostgreSQL away, a twin reloading after a failed write) is 503; the rest is 500.
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
                (StatusCodes.Status400BadRequest, ApiErrorCodes.InvalidJson, DescribeBody(json)),
            BadHttpRequestException bad =>
                (bad.StatusCode, ApiErrorCodes.ValidationError, DescribeParameter(context)),
            TwinUnavailableException unavailable =>
                (StatusCodes.Status503ServiceUnavailable, ApiErrorCodes.ServiceUnavailable, unavailable.Message),
            _ when TransientFailure.IsTransient(exception) =>
                (StatusCodes.Status503ServiceUnavailable, ApiErrorCodes.ServiceUnavailable, "the twin cluster or its database is not available; retry later"),
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

    /// <summary>
    /// A syntax error (the serializer wraps the reader's own exception) keeps the reader's text: position and what
    /// was expected. A value of the wrong shape is named by its path only, because that text names .NET types.
    /// </summary>
    private static string DescribeBody(JsonException json) => json.InnerException is JsonException
        ? $"the request body is not valid JSON: {json.Message}"
        : $"the request body does not fit this operation: the value at {json.Path ?? "$"} has the wrong type";

    /// <summary>Which parameter failed to bind, in words: the binder's own message names .NET types.</summary>
    private static string DescribeParameter(HttpContext context)
    {
        var handler = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<MethodInfo>();
        var unparsable = handler is null ? null : QueryParameters.Of(handler).FindUnparsable(context.Request);
        return unparsable ?? (context.Request.ContentLength is null or 0 && !context.Request.Headers.TransferEncoding.Any()
            ? "this operation needs a JSON request body"
            : "a parameter of the request could not be read");
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Method} {Path} failed")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
