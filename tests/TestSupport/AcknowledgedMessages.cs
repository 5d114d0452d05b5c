using System.Net;
using System.Text.Json;

namespace DigitalTwin.TestSupport;

/// <summary>
/// What the platform does not hold of the messages <see cref="AckCountingDevice"/>s had acknowledged, asked over a
/// silo's API: every acknowledged sequence number must be in the twin's telemetry history, and the twin's state must
/// hold the last one or a later one.
/// </summary>
public static class AcknowledgedMessages
{
    private const int PageSize = 1000;

    /// <summary>One line per acknowledged message the twins do not hold (yet: a twin applies a message a moment after its PUBACK).</summary>
    public static async Task<List<string>> MissingAsync(HttpClient http, IReadOnlyList<(string Id, IReadOnlyList<int> Seqs)> acked)
    {
        var missing = new List<string>();
        foreach (var (id, seqs) in acked)
        {
            using var response = await http.GetAsync($"/api/v1/twins/{id}");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                missing.AddRange(seqs.Select(s => $"{id}: acknowledged seq {s}, but GET of the twin answered {(int)response.StatusCode}"));
                continue;
            }

            using var twin = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var seq = twin.RootElement.GetProperty("data").GetProperty("state").GetProperty("seq").GetInt32();
            if (seq < seqs[^1])
            {
                missing.Add($"{id}: twin state seq {seq} < last acknowledged {seqs[^1]}");
            }

            var seen = await HistorySeqsAsync(http, id);
            missing.AddRange(seqs.Where(s => !seen.Contains(s)).Select(s => $"{id}: acknowledged seq {s} not in the history"));
        }

        return missing;
    }

    private static async Task<HashSet<int>> HistorySeqsAsync(HttpClient http, string id)
    {
        var seqs = new HashSet<int>();
        var query = "";
        while (true)
        {
            using var document = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/twins/{id}/telemetry?limit={PageSize}{query}"));
            var page = document.RootElement.GetProperty("data").GetProperty("telemetry").EnumerateArray().ToList();
            seqs.UnionWith(page.Select(p => p.GetProperty("seq").GetInt32()));
            if (page.Count < PageSize)
            {
                return seqs;
            }

            // Each seq has its own device time, a millisecond apart: the next page ends just before this one.
            var oldest = page[^1].GetProperty("timestamp").GetDateTimeOffset().AddTicks(-1);
            query = $"&end={Uri.EscapeDataString(oldest.ToString("O"))}";
        }
    }
}
