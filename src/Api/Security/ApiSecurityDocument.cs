using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DigitalTwin.Api.Security;

/// <summary>
/// Puts the API's security into its OpenAPI document: the three schemes (a JWT bearer token, an API key in
/// <c>X-Api-Key</c>, a browser session's cookie), and on each operation the role it needs (<c>x-required-role</c>, in
/// its description too) with any scheme as its requirement and the 401/403 answers. Anonymous operations get neither.
/// </summary>
internal static class ApiSecurityDocument
{
    public const string BearerScheme = "bearer";

    public const string ApiKeyScheme = "apiKey";

    public const string SessionScheme = "session";

    public const string RoleExtension = "x-required-role";

    public static Task DescribeSchemes(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT from the configured identity provider (Api:Auth:Jwt); its role claim (role or roles by default) holds viewer, operator or admin.",
        };
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiAuthSchemes.ApiKeyHeader,
            Description = "A machine client's key (Api:Auth:ApiKeys), also accepted as Authorization: ApiKey <key>; the key's configured role applies.",
        };
        document.Components.SecuritySchemes[SessionScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = ApiAuthSchemes.SessionCookie,
            Description = "A browser session opened with a key or a JWT at POST /api/v1/session (HttpOnly, SameSite=Strict); the role of the credential it was opened with applies. Changes from pages of another origin are refused (CROSS_ORIGIN_REFUSED).",
        };
        return Task.CompletedTask;
    }

    public static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var access = RouteRoles.AccessOf(new Microsoft.AspNetCore.Http.EndpointMetadataCollection(context.Description.ActionDescriptor.EndpointMetadata));
        if (access == RouteAccess.Anonymous)
        {
            return Task.CompletedTask;
        }

        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[RoleExtension] = new JsonNodeExtension(JsonValue.Create(access));
        operation.Description = string.IsNullOrEmpty(operation.Description) ? $"Role: {access}." : $"{operation.Description}\n\nRole: {access}.";
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SessionScheme, context.Document)] = [] },
        ];
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd(StatusCodes.Status401Unauthorized.ToString(), new OpenApiResponse { Description = "No valid credential (error code UNAUTHORIZED)" });
        operation.Responses.TryAdd(StatusCodes.Status403Forbidden.ToString(), new OpenApiResponse { Description = $"The credential's role is below {access} (error code FORBIDDEN)" });
        return Task.CompletedTask;
    }
}
