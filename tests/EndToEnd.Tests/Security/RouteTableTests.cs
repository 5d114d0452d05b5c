using System.Net;
using System.Text.RegularExpressions;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using DigitalTwin.TestSupport;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>
/// Every route of the running silo, read from its own route table (<c>DigitalTwin.Silo.dll routes</c>), tried without a
/// credential and with each role below the one it needs: a route added tomorrow is in the sweep without anyone
/// listing it, and one added without a role policy fails the listing (and stops the silo).
/// </summary>
public sealed partial class RouteTableTests
{
    private const string TwinId = "rt-1";

    [Fact]
    public async Task EveryRouteHasARoleAndRefusesCallersBelowItWithoutChangingAnything()
    {
        var routes = await ReadRouteTableAsync();
        Assert.Contains(routes, r => r.Route == "/ws");
        Assert.Contains(routes, r => r.Route.StartsWith("/dashboard/", StringComparison.Ordinal));
        Assert.All(routes, r => Assert.Contains(r.Access, new[] { "anonymous", "viewer", "operator", "admin" }));
        // Logging out is open: an expired session must still be clearable from the browser.
        Assert.Equal(["/api/v1/session/", "/api/v1/system/health", "/health/live", "/health/ready", "/openapi/v1.json"], routes.Where(r => r.Access == "anonymous").Select(r => r.Route));

        await using var silo = await SiloProcess.StartAsync(ApiClient.KeySettings());
        Assert.Equal(HttpStatusCode.Created, (await ApiCall.SendAsync(silo.Http, HttpMethod.Post, "/api/v1/twins", $$"""{"id":"{{TwinId}}","type":"sensor"}""", headers: ApiClient.Key(ApiClient.AdminKey))).Status);

        // The directory that answers listings is written behind the twin: wait until it holds the new twin, so the
        // snapshot compared at the end is settled.
        await Eventually.GetAsync(
            async () => (await ApiCall.SendAsync(silo.Http, HttpMethod.Get, "/api/v1/twins", headers: ApiClient.Key(ApiClient.AdminKey))).Data.GetProperty("count").GetInt32(),
            count => count == 1,
            what: "the twin listed");
        var before = await SnapshotAsync(silo);

        var tried = 0;
        foreach (var route in routes)
        {
            var anonymous = await StatusAsync(silo, route, key: null);
            Assert.True(route.Access == "anonymous" ? anonymous != HttpStatusCode.Unauthorized : anonymous == HttpStatusCode.Unauthorized, $"{route} without a credential: {(int)anonymous}");
            tried++;
            foreach (var (key, role) in new[] { (ApiClient.ViewerKey, 1), (ApiClient.OperatorKey, 2) })
            {
                if (Rank(route.Access) > role)
                {
                    var status = await StatusAsync(silo, route, key);
                    Assert.True(status == HttpStatusCode.Forbidden, $"{route} as role {role}: {(int)status}");
                    tried++;
                }
                else if (route.Methods is "GET" or "*")
                {
                    // Reads the role allows get through; writes it allows are tried in the tests of each role, not here,
                    // where every attempt must leave the state as it was.
                    var status = await StatusAsync(silo, route, key);
                    Assert.False(status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, $"{route} as role {role}: {(int)status}");
                }
            }
        }

        Assert.True(tried > 100, $"only {tried} refused attempts");
        Assert.Equal(before, await SnapshotAsync(silo));
        Assert.Empty(silo.LoggedErrors());
    }

    [Fact]
    public async Task TheListingNamesTheRoleOfEachWrite()
    {
        var routes = await ReadRouteTableAsync();

        Assert.Contains(new Listed("DELETE", "/api/v1/twins/{id}", "admin"), routes);
        Assert.Contains(new Listed("POST", "/api/v1/twins/{id}/command", "operator"), routes);
        Assert.Contains(new Listed("PATCH", "/api/v1/twins/{id}/desired", "operator"), routes);
        Assert.Contains(new Listed("POST", "/api/v1/alerts/{alertId}/ack", "operator"), routes);
        Assert.Contains(new Listed("GET", "/dashboard/GrainState", "admin"), routes);
        Assert.Contains(new Listed("GET", "/api/v1/twins/{id}/state", "viewer"), routes);
        Assert.Contains(new Listed("GET", "/metrics", "viewer"), routes);
    }

    [Fact]
    public async Task TheOpenApiDocumentShowsBothSchemesAndTheRoleOfEveryOperation()
    {
        var routes = await ReadRouteTableAsync();
        await using var silo = await SiloProcess.StartAsync();
        using var document = System.Text.Json.JsonDocument.Parse(await silo.Http.GetStringAsync("/openapi/v1.json"));

        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());
        Assert.Equal(("cookie", "dtn_session"), (schemes.GetProperty("session").GetProperty("in").GetString(), schemes.GetProperty("session").GetProperty("name").GetString()));
        var operations = 0;
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var listed = routes.Single(r => r.Route.TrimEnd('/') == path.Name.TrimEnd('/') && r.Methods == operation.Name.ToUpperInvariant());
                if (listed.Access == "anonymous")
                {
                    Assert.False(operation.Value.TryGetProperty("security", out _), $"{listed}");
                }
                else
                {
                    Assert.Equal(listed.Access, operation.Value.GetProperty("x-required-role").GetString());
                    Assert.Equal(["bearer", "apiKey", "session"], operation.Value.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Single().Name));
                    Assert.True(operation.Value.GetProperty("responses").TryGetProperty("403", out _), $"{listed}");
                }

                operations++;
            }
        }

        Assert.True(operations > 35, $"{operations} operations");
    }

    [Fact]
    public async Task TheRolesTableOfTheApiDocsIsTheRouteTable()
    {
        var routes = await ReadRouteTableAsync();
        var docs = await File.ReadAllTextAsync(RepositoryRoot.File("docs", "api.md"));
        var table = docs[docs.IndexOf("<!-- roles:start -->", StringComparison.Ordinal)..docs.IndexOf("<!-- roles:end -->", StringComparison.Ordinal)];
        var documented = DocumentedRole().Matches(table).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value} {m.Groups[3].Value}").ToHashSet();

        var expected = routes.Where(r => !r.Route.StartsWith("/dashboard/", StringComparison.Ordinal))
            .Select(r => $"{r.Methods} {(r.Route.Length > 1 ? r.Route.TrimEnd('/') : r.Route)} {r.Access}")
            .ToHashSet();
        Assert.Equal(expected.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
        Assert.All(routes.Where(r => r.Route.StartsWith("/dashboard/", StringComparison.Ordinal)), r => Assert.Equal("admin", r.Access));
        Assert.Contains("| `GET /dashboard/**`", table, StringComparison.Ordinal);
    }

    private static int Rank(string access) => access switch
    {
        "viewer" => 1,
        "operator" => 2,
        "admin" => 3,
        _ => 0,
    };

    private static async Task<List<Listed>> ReadRouteTableAsync()
    {
        await using var listing = ProgramProcess.Start("Silo", "routes");
        Assert.True(await listing.WaitForExitAsync(TimeSpan.FromSeconds(60)), listing.Tail);
        Assert.True(listing.ExitCode == 0, listing.Tail);
        var routes = listing.Output.Select(line => line.Split(' ')).Where(parts => parts.Length == 3 && parts[1].StartsWith('/')).Select(parts => new Listed(parts[0], parts[1], parts[2])).ToList();
        Assert.True(routes.Count > 40, listing.Tail);
        return routes;
    }

    /// <summary>The status of one request to the route, reading only the headers (the live feeds never end).</summary>
    private static async Task<HttpStatusCode> StatusAsync(SiloProcess silo, Listed route, string? key)
    {
        var method = route.Methods == "*" ? "GET" : route.Methods.Split(',')[0];
        using var request = new HttpRequestMessage(new HttpMethod(method), Sample(route.Route));
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await silo.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    /// <summary>The route with each parameter given a plausible value.</summary>
    private static string Sample(string route) => Parameter().Replace(route, match => match.Groups[1].Value switch
    {
        "id" => TwinId,
        "alertId" => $"{TwinId}:1",
        "commandId" => "c-1",
        "jobId" => "j-1",
        "type" => "sensor",
        "page:int" => "1",
        _ => "x",
    });

    private static async Task<string> SnapshotAsync(SiloProcess silo)
    {
        var parts = new List<string>();
        foreach (var path in new[] { $"/api/v1/twins/{TwinId}", $"/api/v1/twins/{TwinId}/desired", $"/api/v1/twins/{TwinId}/commands", "/api/v1/twins", "/api/v1/alerts" })
        {
            var call = await ApiCall.SendAsync(silo.Http, HttpMethod.Get, path, headers: ApiClient.Key(ApiClient.AdminKey));
            parts.Add($"{path} {(int)call.Status} {call.ETag} {call.Data}");
        }

        return string.Join('\n', parts);
    }

    [GeneratedRegex(@"^\| `(\S+) (/[^` ]*)` \| (\w+) \|$", RegexOptions.Multiline)]
    private static partial Regex DocumentedRole();

    [GeneratedRegex(@"\{\*{0,2}([^}]+)\}")]
    private static partial Regex Parameter();

    private sealed record Listed(string Methods, string Route, string Access)
    {
        public override string ToString() => $"{Methods} {Route} ({Access})";
    }
}
