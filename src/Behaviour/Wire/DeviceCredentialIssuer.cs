using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DigitalTwin.Behaviour.Wire;

/// <summary>
/// Issues each device its own broker secret through the platform's API (<c>POST /api/v1/twins/{id}/credentials</c>,
/// admin role), for the platform's tools that play devices against a broker with authentication on: the simulator's
/// <c>--provision-credentials</c> and bench/Ingest's <c>--transport secure</c>. The API needs no twin for this: a
/// device's first message creates it (auto-discovery).
/// </summary>
public sealed class DeviceCredentialIssuer : IDisposable
{
    /// <summary>Requests in flight at once: enough to issue thousands in seconds, few enough not to trip an API rate limit at once.</summary>
    private const int Parallelism = 8;

    private readonly HttpClient _http;

    /// <param name="api">The silo's HTTP address, e.g. <c>http://localhost:5000</c>.</param>
    /// <param name="apiKey">An admin API key (sent as <c>X-Api-Key</c>); null for an API without authentication.</param>
    public DeviceCredentialIssuer(Uri api, string? apiKey)
    {
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }
    }

    /// <summary>
    /// A new secret for each device, by device id. Throws <see cref="CredentialIssueException"/> naming the device and
    /// the API's answer when one cannot be issued (an unreachable API, a missing or too low API key, a device that
    /// already holds the most active credentials).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> IssueAsync(IEnumerable<string> deviceIds, CancellationToken cancellationToken)
    {
        var secrets = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(deviceIds, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, token) =>
        {
            secrets[id] = await IssueOneAsync(id, token);
        });
        return secrets;
    }

    private async Task<string> IssueOneAsync(string deviceId, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync($"/api/v1/twins/{Uri.EscapeDataString(deviceId)}/credentials", null, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CredentialIssueException($"issuing a secret for device '{deviceId}' at {_http.BaseAddress}: {ex.Message}", ex);
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.Created)
            {
                // The error envelope says why (401, 403, 409 CREDENTIAL_LIMIT_REACHED); it never carries a secret.
                throw new CredentialIssueException(
                    $"issuing a secret for device '{deviceId}' at {_http.BaseAddress}: the API answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            using var document = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken);
            return document?.RootElement.GetProperty("data").GetProperty("secret").GetString()
                ?? throw new CredentialIssueException($"issuing a secret for device '{deviceId}': the API's answer holds no secret");
        }
    }

    public void Dispose() => _http.Dispose();
}
