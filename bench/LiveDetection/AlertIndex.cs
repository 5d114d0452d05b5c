using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace DigitalTwin.Bench.LiveDetection;

/// <summary>Reads every anomaly alert from the platform's alert index, <c>GET /api/v1/alerts</c>, page by page.</summary>
internal static class AlertIndex
{
    public static async Task<IReadOnlyList<LiveAlert>> ReadAllAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var alerts = new List<LiveAlert>();
        string? cursor = null;
        do
        {
            var query = "/api/v1/alerts?limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            using var page = await http.GetFromJsonAsync<JsonDocument>(query, cancellationToken)
                ?? throw new InvalidOperationException($"{query} answered nothing");
            var data = page.RootElement.GetProperty("data");
            foreach (var alert in data.GetProperty("alerts").EnumerateArray())
            {
                alerts.Add(new LiveAlert(
                    alert.GetProperty("id").GetString()!, alert.GetProperty("twin_id").GetString()!, alert.GetProperty("type").GetString()!,
                    alert.GetProperty("baseline").GetString()!, Time(alert, "first_seen"), Time(alert, "last_seen"), FirstEvidence(alert)));
            }

            cursor = data.TryGetProperty("next_cursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);

        return alerts;
    }

    private static string FirstEvidence(JsonElement alert)
    {
        if (alert.GetProperty("evidence").EnumerateArray().FirstOrDefault() is not { ValueKind: JsonValueKind.Object } first)
        {
            return "no evidence";
        }

        var model = first.GetProperty("model") is { ValueKind: JsonValueKind.Object } verdict
            ? string.Create(CultureInfo.InvariantCulture, $"model {verdict.GetProperty("class").GetString()} {verdict.GetProperty("probability").GetDouble():0.00}")
            : "no model";
        var reasons = string.Join("; ", first.GetProperty("reasons").EnumerateArray().Take(3).Select(r => r.GetProperty("text").GetString()));
        return string.Create(CultureInfo.InvariantCulture, $"score {first.GetProperty("score").GetDouble():0.0}, {model}: {reasons}");
    }

    private static DateTimeOffset Time(JsonElement alert, string name) =>
        DateTimeOffset.Parse(alert.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
