using System.Net;
using System.Text;
using System.Text.Json;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>One HTTP exchange with the API: the status and the parsed envelope.</summary>
public sealed record ApiCall(HttpStatusCode Status, JsonElement Body)
{
    public JsonElement Data => Body.GetProperty("data");

    public string ErrorCode => Body.GetProperty("error").GetProperty("code").GetString()!;

    public static async Task<ApiCall> SendAsync(HttpClient http, HttpMethod method, string path, string? json = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiCall(response.StatusCode, body);
    }

    public override string ToString() => $"{(int)Status} {Body}";
}
