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

    /// <summary>The silo's HTTP address.</summary>
    public Uri Address => _http.BaseAddress!;

    public void Dispose() => _http.Dispose();
}
