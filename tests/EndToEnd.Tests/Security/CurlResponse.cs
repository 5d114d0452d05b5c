using System.Globalization;
using System.Text.Json;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>What <c>curl -i</c> printed: the status, the header lines (lower-cased names) and the body.</summary>
internal sealed record CurlResponse(int Status, IReadOnlyList<string> Headers, string Body)
{
    public static CurlResponse Parse(string output)
    {
        var end = output.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = (end < 0 ? output : output[..end]).Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = head.Skip(1).Select(h => h.IndexOf(':') is var colon and > 0 ? h[..colon].ToLowerInvariant() + h[colon..] : h).ToList();
        return new CurlResponse(status, headers, end < 0 ? "" : output[(end + 4)..]);
    }

    public JsonElement Data() => JsonDocument.Parse(Body).RootElement.GetProperty("data").Clone();

    public string? ErrorCode() => JsonDocument.Parse(Body).RootElement.GetProperty("error").GetProperty("code").GetString();

    public override string ToString() => $"{Status}\n{string.Join('\n', Headers)}\n\n{Body}";
}
