using DigitalTwin.Api.Envelope;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace DigitalTwin.Api.Twins;

/// <summary>
/// Declares in the OpenAPI document what the twin endpoints do with versions: the If-Match and
/// If-None-Match headers they read, the ETag they answer with, 412 and (for reads) 304. Binding cannot
/// declare headers the handler reads itself, so a transformer adds them.
/// </summary>
internal static class TwinVersionMetadata
{
    private const string IfMatchText =
        "Only if the twin is at one of these versions: \"7\" or \"6\", \"7\" (strong entity tags from ETag); * = only if the twin exists. Otherwise 412 PRECONDITION_FAILED and nothing changes.";

    private const string IfNoneMatchReadText =
        "Not if the twin is at one of these versions (\"7\"; W/\"7\" is accepted): then 304 Not Modified with the ETag and no body.";

    private const string IfNoneMatchWriteText =
        "Not if the twin is at one of these versions (\"7\"); * = only if the twin does not exist (a create that never meets an existing twin). Otherwise 412 PRECONDITION_FAILED and nothing changes.";

    /// <summary>A read of one twin: ETag, If-Match, If-None-Match, 304 and 412.</summary>
    public static RouteHandlerBuilder WithVersionedRead(this RouteHandlerBuilder builder) =>
        builder
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void), []))
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status412PreconditionFailed, typeof(ApiErrorResponse), ["application/json"]))
            .AddOpenApiOperationTransformer((operation, _, _) => Describe(operation, IfNoneMatchReadText, answersWithTwin: true));

    /// <summary>A write to one twin: If-Match, If-None-Match and 412, and ETag when it answers with the twin.</summary>
    public static RouteHandlerBuilder WithVersionedWrite(this RouteHandlerBuilder builder, bool answersWithTwin = true) =>
        builder
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status412PreconditionFailed, typeof(ApiErrorResponse), ["application/json"]))
            .AddOpenApiOperationTransformer((operation, _, _) => Describe(operation, IfNoneMatchWriteText, answersWithTwin));

    private static Task Describe(OpenApiOperation operation, string ifNoneMatch, bool answersWithTwin)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(Header(HeaderNames.IfMatch, IfMatchText));
        operation.Parameters.Add(Header(HeaderNames.IfNoneMatch, ifNoneMatch));
        if (answersWithTwin && operation.Responses is { } responses)
        {
            foreach (var (status, response) in responses)
            {
                if (status is "200" or "201" or "304" && response is OpenApiResponse concrete)
                {
                    concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    concrete.Headers[HeaderNames.ETag] = new OpenApiHeader
                    {
                        Description = "The twin's version as a strong entity tag (\"7\"), the same as its version field; send it back in If-Match.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    };
                }
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = TwinVersionHeaders.MaxHeaderLength },
    };
}
