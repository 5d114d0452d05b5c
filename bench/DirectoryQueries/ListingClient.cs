using System.Diagnostics;
using System.Text.Json;
using DigitalTwin.BenchHost;

namespace DigitalTwin.DirectoryQueries;

/// <summary>The silo's HTTP API as the benchmark uses it: readiness, and twin listings timed as a client sees them.</summary>
public sealed class ListingClient(int httpPort, int connections) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = connections })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"),
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Polls the health endpoint until it answers 200; fails early when the silo process exits.</summary>
    public Task WaitUntilHealthyAsync(SiloProcess silo, TimeSpan timeout, CancellationToken cancellationToken) =>
        silo.WaitUntilHealthyAsync(_http, timeout, cancellationToken);

    /// <summary>
    /// Times one listing from sending the request to holding the whole body, so the figure covers HTTP, the
    /// API, the query and the JSON the silo writes; reading that JSON here comes after the clock stops.
    /// </summary>
    public async Task<ListingPage> ListAsync(string query, string? cursor, CancellationToken cancellationToken)
    {
        var uri = cursor is null ? $"/api/v1/twins?{query}" : $"/api/v1/twins?{query}&cursor={Uri.EscapeDataString(cursor)}";
        var started = Stopwatch.GetTimestamp();
        using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var elapsed = Stopwatch.GetTimestamp() - started;
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {uri} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }

        using var document = JsonDocument.Parse(body);
        var data = document.RootElement.GetProperty("data");
        var twins = data.GetProperty("twins");
        var ids = new string[twins.GetArrayLength()];
        var i = 0;
        foreach (var twin in twins.EnumerateArray())
        {
            ids[i++] = twin.GetProperty("id").GetString()!;
        }

        var next = data.GetProperty("next_cursor");
        return new ListingPage(elapsed, data.GetProperty("count").GetInt32(), ids, next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    public void Dispose() => _http.Dispose();
}
