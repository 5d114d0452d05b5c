using System.Collections.Concurrent;
using System.Net;
using DigitalTwin.TestSupport;

namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The HTTP side of an OpenTelemetry collector, as far as a test needs it: accepts every OTLP export with 200 and keeps
/// one line per request (<c>POST /v1/metrics application/x-protobuf 1234</c>).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly Task _serving;

    public OtlpReceiver()
    {
        var port = FreePort.Next();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<string> Requests => [.. _requests];

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving;
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _requests.Enqueue($"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath} {context.Request.ContentType} {body.Length}");

            // An empty body is a valid (empty) export response in protobuf.
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }
}
