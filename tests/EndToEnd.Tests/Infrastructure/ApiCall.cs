using System.Net;
using System.Text;
using System.Text.Json;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>One HTTP exchange with the API: the status, the parsed envelope (default when there is no body) and the ETag.</summary>
public sealed record ApiCall(HttpStatusCode Status, JsonElement Body, string? ETag = null)
{
    public JsonElement Data => Body.GetProperty("data");

    public string ErrorCode => Body.GetProperty("error").GetProperty("code").GetString()!;

    /// <summary>Sends one request; <c>headers</c> go out as they are (no validation), so tests can send malformed ones.</summary>
    public static async Task<ApiCall> SendAsync(
        HttpClient http, HttpMethod method, string path, string? json = null, string contentType = "application/json", IEnumerable<(string Name, string Value)>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);

        // An over-limit body is refused from its Content-Length, before it is read: with 100-continue the client
        // waits for that answer instead of writing a megabyte into a connection the server has already answered.
        request.Headers.ExpectContinue = json is { Length: > 1024 * 1024 };
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiCall(response.StatusCode, body, response.Headers.TryGetValues("ETag", out var etag) ? string.Join(',', etag) : null);
    }

    public override string ToString() => $"{(int)Status} {Body}";
}
