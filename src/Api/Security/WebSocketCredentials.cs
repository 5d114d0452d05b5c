using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DigitalTwin.Api.Security;

/// <summary>
/// A browser cannot set headers on a WebSocket handshake; the one value its script controls there is the list of
/// subprotocols (<c>new WebSocket(url, protocols)</c>). A browser client of <c>/ws</c> therefore offers
/// <see cref="FeedProtocol"/> with its credential as one more protocol, <c>dtn.api-key.&lt;base64url of the key&gt;</c>
/// or <c>dtn.bearer.&lt;base64url of the JWT&gt;</c>, and this middleware turns it into the header the API already
/// understands before authentication runs, so the credential is checked exactly as on any other request. A request that
/// already carries a credential header is left alone. Kubernetes' API server takes its browser tokens the same way.
/// </summary>
internal static class WebSocketCredentials
{
    /// <summary>The subprotocol the feed accepts the connection with; a browser refuses a handshake that names none of its offers.</summary>
    public const string FeedProtocol = "dtn.feed";

    private const string ApiKeyPrefix = "dtn.api-key.";

    private const string BearerPrefix = "dtn.bearer.";

    public static IApplicationBuilder UseWebSocketCredentials(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Request.Headers;
        if (headers.ContainsKey(HeaderNames.SecWebSocketProtocol)
            && !headers.ContainsKey(ApiAuthSchemes.ApiKeyHeader)
            && headers.Authorization.Count == 0)
        {
            foreach (var offered in headers.GetCommaSeparatedValues(HeaderNames.SecWebSocketProtocol))
            {
                if (offered.StartsWith(ApiKeyPrefix, StringComparison.Ordinal) && Decode(offered[ApiKeyPrefix.Length..]) is { } key)
                {
                    headers[ApiAuthSchemes.ApiKeyHeader] = key;
                    break;
                }

                if (offered.StartsWith(BearerPrefix, StringComparison.Ordinal) && Decode(offered[BearerPrefix.Length..]) is { } token)
                {
                    headers.Authorization = "Bearer " + token;
                    break;
                }
            }
        }

        return next(context);
    });

    /// <summary>The feed's protocol when the client offered it, else none (a plain client offers nothing).</summary>
    public static string? ChosenProtocol(HttpContext context) =>
        context.WebSockets.WebSocketRequestedProtocols.Contains(FeedProtocol) ? FeedProtocol : null;

    /// <summary>The credential's text; null when the value is not base64url of UTF-8 (then the request has no credential and is refused as such).</summary>
    private static string? Decode(string encoded)
    {
        try
        {
            return encoded.Length == 0 ? null : Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
