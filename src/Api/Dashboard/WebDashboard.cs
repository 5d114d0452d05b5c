using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace DigitalTwin.Api.Dashboard;

/// <summary>
/// The operators' web dashboard: hand-written ES modules, CSS and one HTML page, embedded in this assembly and served
/// at <c>/</c> by every silo, so the silo needs no node, no bundler and no files beside it. The files are public (the
/// page must load before anyone has logged in); every datum the page shows comes from the API with the caller's
/// credential.
/// </summary>
internal static class WebDashboard
{
    /// <summary>The prefix the build gives the embedded files (see Api.csproj).</summary>
    public const string ResourcePrefix = "DigitalTwin.Api.Dashboard.wwwroot";

    public static IFileProvider Files { get; } = new EmbeddedFileProvider(typeof(WebDashboard).Assembly, ResourcePrefix);

    public static IApplicationBuilder UseWebDashboard(this IApplicationBuilder app)
    {
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = Files, DefaultFileNames = ["index.html"] });
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = Files,

            // Revalidated on every load (cheap: the ETag answers 304), so a silo upgraded underneath an open browser
            // never serves a new page with old modules.
            OnPrepareResponse = file => file.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
    }
}
