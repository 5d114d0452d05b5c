using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DigitalTwin.TestSupport;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The real silo, started as its own process (<c>dotnet DigitalTwin.Silo.dll</c>) on free ports, as a user
/// runs it. Its log is kept so a test run fails when the silo logged an error.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly ProgramProcess _process;

    private SiloProcess(ProgramProcess process, int httpPort, int mqttPort, X509Certificate2? httpsRoot)
    {
        _process = process;
        HttpPort = httpPort;
        MqttPort = mqttPort;
        Http = httpsRoot is null
            ? new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") }
            : new HttpClient(TrustingOnly(httpsRoot)) { BaseAddress = new Uri($"https://127.0.0.1:{httpPort}") };
    }

    public int HttpPort { get; }

    public int MqttPort { get; }

    public HttpClient Http { get; }

    public IReadOnlyList<string> Log => _process.Output;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts a silo with the given extra settings (<c>Section:Key</c> → value) and waits until it is healthy. With
    /// <paramref name="httpsRoot"/> the API is served over https only (the settings name its certificate) and
    /// <see cref="Http"/> trusts that root and nothing else.
    /// </summary>
    public static async Task<SiloProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, X509Certificate2? httpsRoot = null)
    {
        var httpPort = FreePort.Next();
        var mqttPort = FreePort.Next();
        var all = new Dictionary<string, string>
        {
            ["Urls"] = $"{(httpsRoot is null ? "http" : "https")}://127.0.0.1:{httpPort}",
            ["Mqtt:Port"] = mqttPort.ToString(),
            ["Orleans:SiloPort"] = FreePort.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(),
            ["Logging:Console:FormatterName"] = "simple",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var silo = new SiloProcess(ProgramProcess.Start("Silo", all.Select(s => $"--{s.Key}={s.Value}")), httpPort, mqttPort, httpsRoot);
        try
        {
            await Eventually.GetAsync(silo.IsHealthyAsync, healthy => healthy || silo.HasExited, TimeSpan.FromSeconds(60), "silo healthy");
            if (silo.HasExited)
            {
                // The process may end before its last lines reach us: waiting for the exit also reads its output to the end.
                await silo._process.WaitForExitAsync(TimeSpan.FromSeconds(10));
                throw new InvalidOperationException($"The silo exited with {silo.ExitCode}:\n{string.Join('\n', silo.Log)}");
            }
        }
        catch (TimeoutException ex)
        {
            await silo.DisposeAsync();
            throw new TimeoutException($"{ex.Message}. The silo's last output:\n{string.Join('\n', silo.Log.TakeLast(60))}", ex);
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }

        return silo;
    }

    /// <summary>Every <c>fail</c>/<c>crit</c> entry with the lines of message and exception that follow it, so a failure says what went wrong.</summary>
    /// <summary>Waits (up to a minute) until this silo's health check counts <paramref name="count"/> active silos in its cluster.</summary>
    public Task WaitForActiveSilosAsync(int count) => Eventually.GetAsync(
        async () => (await GetDataAsync("/api/v1/system/health")).ToString(),
        health => health.Contains($"{count} active silo", StringComparison.Ordinal),
        TimeSpan.FromSeconds(60),
        $"{count} silos in the cluster");

    public IReadOnlyList<string> LoggedErrors()
    {
        var log = Log;
        var errors = new List<string>();
        for (var i = 0; i < log.Count; i++)
        {
            if (log[i].StartsWith("fail:", StringComparison.Ordinal) || log[i].StartsWith("crit:", StringComparison.Ordinal))
            {
                errors.Add(string.Join('\n', log.Skip(i).Take(6)));
            }
        }

        return errors;
    }

    /// <summary>Sends SIGTERM, the graceful stop an orchestrator sends (the silo treats it as Ctrl+C), and waits for the process to end.</summary>
    public Task<bool> TerminateAsync(TimeSpan timeout) => _process.TerminateAsync(timeout);

    public async Task<JsonElement> GetDataAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }

        return body.GetProperty("data");
    }

    /// <summary>
    /// The twin (<c>GET /api/v1/twins/{id}</c>) once it meets <paramref name="condition"/>. A device's PUBACK says
    /// only that its message is queued for the twin, not that the twin applied it: a test that reads what the twin
    /// made of a message waits for it here. Until the first message is applied the twin may not exist (404).
    /// </summary>
    public Task<JsonElement> TwinWhenAsync(string id, Func<JsonElement, bool> condition, TimeSpan? timeout = null, string? what = null) =>
        Eventually.GetAsync(
            async () =>
            {
                using var response = await Http.GetAsync($"/api/v1/twins/{id}");
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return response.IsSuccessStatusCode ? body.RootElement.GetProperty("data").Clone() : default;
            },
            twin => twin.ValueKind == JsonValueKind.Object && condition(twin),
            timeout,
            what ?? $"twin {id}");

    /// <summary>
    /// What the silo logged up to now, for a failure message: its console logger writes from a queue, so the lines
    /// about what just went wrong can come after the failure was seen. Waits until the log has been quiet for half
    /// a second (at most 5 s), then gives every warning and error of the platform's own code and the last lines.
    /// </summary>
    public async Task<string> SettledLogAsync()
    {
        var stopAt = DateTime.UtcNow.AddSeconds(5);
        var count = -1;
        while (Log.Count != count && DateTime.UtcNow < stopAt)
        {
            count = Log.Count;
            await Task.Delay(500);
        }

        var log = Log;
        var own = new List<string>();
        for (var i = 0; i < log.Count; i++)
        {
            if (log[i].StartsWith("warn: DigitalTwin.", StringComparison.Ordinal) || log[i].StartsWith("fail: DigitalTwin.", StringComparison.Ordinal))
            {
                own.Add(string.Join('\n', log.Skip(i).Take(4)));
            }
        }

        return $"the platform's warnings and errors:\n{string.Join('\n', own)}\nthe silo's last lines:\n{string.Join('\n', log.TakeLast(60))}";
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown, no flush.</summary>
    public Task KillAsync() => _process.KillAsync();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }

    private static HttpClientHandler TrustingOnly(X509Certificate2 root) => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(root);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        },
    };

    private async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await Http.GetAsync("/api/v1/system/health");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
