using Microsoft.AspNetCore.Http;

namespace DigitalTwin.Api.Security;

/// <summary>
/// Headers every response carries, the error pages included (set as the response starts, after the exception
/// handler has cleared what was there). The content security policy allows only this origin's own scripts, so the
/// API reference at <c>/docs</c> and the Orleans Dashboard (both load their scripts from files) keep working while an
/// injected inline script does not run; inline styles stay allowed because both UIs set them from their scripts.
/// </summary>
internal static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(IHeaderDictionary headers)
    {
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
    }
}
