using System.Buffers;
using System.Text.Json;

namespace DigitalTwin.Ingest;

/// <summary>Reads the two fields the benchmark needs from a <c>twin/{id}/update</c> payload.</summary>
public static class TwinUpdateMessage
{
    /// <summary>
    /// Finds <c>twin_id</c> and <c>state.seq</c>. Returns false when the update carries no seq, which is
    /// the case for changes not caused by a benchmark message.
    /// </summary>
    public static bool TryRead(ReadOnlySequence<byte> payload, out string twinId, out long seq)
    {
        twinId = "";
        seq = 0;
        using var document = JsonDocument.Parse(payload);
        return TryRead(document.RootElement, out twinId, out seq);
    }

    /// <summary>The same, of an update already parsed (one event of a live-feed batch).</summary>
    public static bool TryRead(JsonElement root, out string twinId, out long seq)
    {
        twinId = "";
        seq = 0;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (!root.TryGetProperty("twin_id", out var id) || id.ValueKind != JsonValueKind.String
            || !root.TryGetProperty("state", out var state) || state.ValueKind != JsonValueKind.Object
            || !state.TryGetProperty("seq", out var seqValue) || !seqValue.TryGetInt64(out seq))
        {
            return false;
        }

        twinId = id.GetString()!;
        return true;
    }
}
