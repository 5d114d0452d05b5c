using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace DigitalTwin.Bench.CaptureDetection;

/// <summary>Reads what the twins hold over the silo's REST API (the seed's envelope: the answer is under <c>data</c>).</summary>
internal sealed class SiloReader(HttpClient http)
{
    public async Task<HostVerdict> ReadAsync(string address, CancellationToken cancellationToken)
    {
        var id = LabNetwork.TwinId(address);
        var baseline = await GetAsync($"/api/v1/twins/{id}/baseline", cancellationToken);
        var alerts = await GetAsync($"/api/v1/twins/{id}/alerts", cancellationToken);
        if (baseline is not { } b)
        {
            // No twin: the probe never saw this host send (its traffic missed the capture).
            return new HostVerdict(address, false, 0, 0, 0, []);
        }

        return new HostVerdict(
            address,
            b.GetProperty("warm").GetBoolean(),
            b.GetProperty("own").GetProperty("seconds").GetDouble(),
            b.GetProperty("windows_scored").GetInt64(),
            b.GetProperty("windows_flagged").GetInt64(),
            alerts is { } a ? [.. a.GetProperty("alerts").EnumerateArray().Select(e => e.Clone())] : []);
    }

    /// <summary>The twin's windows starting in [from, to], oldest first.</summary>
    public async Task<IReadOnlyList<JsonElement>> WindowsAsync(string address, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var query = $"/api/v1/twins/{LabNetwork.TwinId(address)}/network?limit=360&from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}";
        var data = await GetAsync(query, cancellationToken);
        return data is { } d ? [.. d.GetProperty("windows").EnumerateArray().Select(w => w.Clone()).Reverse()] : [];
    }

    /// <summary>The host's own baseline per feature: median and spread.</summary>
    public async Task<IReadOnlyDictionary<string, (double? Centre, double? Spread)>> OwnBaselineAsync(string address, CancellationToken cancellationToken)
    {
        var data = await GetAsync($"/api/v1/twins/{LabNetwork.TwinId(address)}/baseline", cancellationToken);
        var features = new Dictionary<string, (double?, double?)>(StringComparer.Ordinal);
        if (data is { } d)
        {
            foreach (var feature in d.GetProperty("own").GetProperty("features").EnumerateObject())
            {
                features[feature.Name] = (Number(feature.Value, "centre"), Number(feature.Value, "spread"));
            }
        }

        return features;
    }

    private static double? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private async Task<JsonElement?> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }

        return body.GetProperty("data").Clone();
    }
}
