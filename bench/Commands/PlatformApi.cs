using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Commands;

/// <summary>The silo's HTTP API as the benchmark uses it: readiness, twins, commands and command jobs.</summary>
public sealed class PlatformApi(int httpPort, int connections) : IDisposable
{
    public const string DeviceType = "smart_light";
    public const string Action = "turn_on";

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = connections })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"),
        Timeout = TimeSpan.FromSeconds(60),
    };

    public Task WaitUntilHealthyAsync(SiloProcess silo, TimeSpan timeout, CancellationToken cancellationToken) =>
        silo.WaitUntilHealthyAsync(_http, timeout, cancellationToken);

    /// <summary>Creates a <c>smart_light</c> twin in metadata group <paramref name="group"/>, which the job scenario selects on.</summary>
    public async Task CreateTwinAsync(string id, string group, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("/api/v1/twins", new { id, type = DeviceType, metadata = new { group } }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /api/v1/twins for {id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>
    /// POSTs <c>turn_on</c> with a random brightness under the bench's own <paramref name="commandId"/>, so the
    /// device's receipt can be matched to this request; <paramref name="wait"/> asks the API to answer at the ack.
    /// </summary>
    public async Task<CommandAnswer> SendCommandAsync(string twinId, string commandId, TimeSpan? wait, CancellationToken cancellationToken)
    {
        var uri = wait is { } w
            ? $"/api/v1/twins/{twinId}/command?wait={w.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"
            : $"/api/v1/twins/{twinId}/command";
        var body = new { command_id = commandId, action = Action, parameters = new { brightness = Random.Shared.Next(0, 101) }, timeout = 10 };
        using var response = await _http.PostAsJsonAsync(uri, body, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var answeredAt = Stopwatch.GetTimestamp();
        var status = (int)response.StatusCode;
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (response.IsSuccessStatusCode)
            {
                return new CommandAnswer(status, root.GetProperty("data").GetProperty("status").GetString(), null, answeredAt);
            }

            var code = root.TryGetProperty("error", out var error) && error.TryGetProperty("code", out var c) ? c.GetString() : null;
            return new CommandAnswer(status, null, code ?? "no error code", answeredAt);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new CommandAnswer(status, null, "unreadable body", answeredAt);
        }
    }

    /// <summary>Starts one <c>turn_on</c> job to every <c>smart_light</c> twin of metadata group <paramref name="group"/>; returns its id.</summary>
    public async Task<string> StartJobAsync(string group, CancellationToken cancellationToken)
    {
        var body = new { filter = new { type = DeviceType, metadata = new { group } }, action = Action, parameters = new { brightness = 80 }, timeout = 10 };
        using var response = await _http.PostAsJsonAsync("/api/v1/commands/jobs", body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /api/v1/commands/jobs answered {(int)response.StatusCode}: {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("data").GetProperty("job_id").GetString()!;
    }

    public async Task<JobProgress> GetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        using var document = await _http.GetFromJsonAsync<JsonDocument>($"/api/v1/commands/jobs/{jobId}", cancellationToken)
            ?? throw new InvalidOperationException("The job endpoint answered with an empty body.");
        var data = document.RootElement.GetProperty("data");
        var counts = data.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);
        return new JobProgress(data.GetProperty("status").GetString()!, data.GetProperty("targets").GetInt32(), counts);
    }

    public void Dispose() => _http.Dispose();
}
