using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>The HTTP endpoints the benchmark needs: readiness, the ingest counters and device secrets.</summary>
public sealed class SiloApi(int httpPort) : IDisposable
{
    private readonly HttpClient _http = new()
    {
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Polls the health endpoint until it answers 200; fails early when the silo process exits.</summary>
    public Task WaitUntilHealthyAsync(SiloProcess silo, TimeSpan timeout, CancellationToken cancellationToken) =>
        silo.WaitUntilHealthyAsync(_http, timeout, cancellationToken);

    public async Task<IngestCounters> ReadCountersAsync(CancellationToken cancellationToken)
    {
        using var document = await _http.GetFromJsonAsync<JsonDocument>("/api/v1/system/metrics", cancellationToken)
            ?? throw new InvalidOperationException("The metrics endpoint answered with an empty body.");
        var readAt = Stopwatch.GetTimestamp();
        var data = document.RootElement.GetProperty("data");
        var messages = data.GetProperty("messages");
        var twins = data.GetProperty("twins");
        return new IngestCounters(
            messages.GetProperty("received").GetInt64(),
            messages.GetProperty("accepted").GetInt64(),
            messages.GetProperty("rejected").GetInt64(),
            messages.GetProperty("stale").GetInt64(),
            twins.GetProperty("registered").GetInt64(),
            twins.GetProperty("active").GetInt64(),
            readAt);
    }

    /// <summary>Issues a broker secret for each device (<c>POST /api/v1/twins/{id}/credentials</c>), a few at a time.</summary>
    public async Task<IReadOnlyDictionary<string, string>> IssueCredentialsAsync(IEnumerable<string> deviceIds, CancellationToken cancellationToken)
    {
        var secrets = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(deviceIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (id, token) =>
        {
            using var response = await _http.PostAsync($"/api/v1/twins/{id}/credentials", null, token);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Issuing a secret for {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
            }

            using var document = await response.Content.ReadFromJsonAsync<JsonDocument>(token)
                ?? throw new InvalidOperationException($"Issuing a secret for {id} answered an empty body.");
            secrets[id] = document.RootElement.GetProperty("data").GetProperty("secret").GetString()!;
        });
        return secrets;
    }

    public void Dispose() => _http.Dispose();
}
