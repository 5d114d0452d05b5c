using System.Diagnostics;
using System.Text.Json;
using DigitalTwin.BenchHost;

namespace DigitalTwin.Ingest;

/// <summary>
/// The consumer of every twin update over the live feeds instead of MQTT: one Server-Sent Events stream,
/// either one event per update (<c>/api/v1/events</c>) or the batched firehose (<c>/api/v1/events/batches</c>).
/// Each update is matched to the device message whose seq it carries, as <see cref="TwinUpdateListener"/> does;
/// the updates of one batch share the time their message was read.
/// </summary>
public sealed class FeedUpdateListener : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly IReadOnlyDictionary<string, SimulatedDevice> _devices;
    private readonly IngestTally _tally;
    private readonly BenchErrors _errors;
    private readonly CancellationTokenSource _closing = new();
    private Task _reading = Task.CompletedTask;
    private long _dropped;

    private FeedUpdateListener(HttpClient http, IReadOnlyDictionary<string, SimulatedDevice> devices, IngestTally tally, BenchErrors errors)
    {
        _http = http;
        _devices = devices;
        _tally = tally;
        _errors = errors;
    }

    /// <summary>Updates the silo dropped for this consumer (announced in gap events).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public static async Task<FeedUpdateListener> ConnectAsync(
        int httpPort, UpdatePath path, IReadOnlyDictionary<string, SimulatedDevice> devices, IngestTally tally, BenchErrors errors, CancellationToken cancellationToken)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = Timeout.InfiniteTimeSpan };
        var listener = new FeedUpdateListener(http, devices, tally, errors);
        var route = path == UpdatePath.Batches ? "/api/v1/events/batches?events=twin_update" : "/api/v1/events?events=twin_update";
        var response = await http.GetAsync(route, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {route} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        listener._reading = Task.Run(() => listener.ReadAsync(response, stream), CancellationToken.None);
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await _reading;
        _http.Dispose();
        _closing.Dispose();
    }

    private async Task ReadAsync(HttpResponseMessage response, Stream stream)
    {
        using (response)
        using (var reader = new StreamReader(stream))
        {
            try
            {
                var eventName = "";
                while (await reader.ReadLineAsync(_closing.Token) is { } line)
                {
                    if (line.StartsWith("event: ", StringComparison.Ordinal))
                    {
                        eventName = line["event: ".Length..];
                    }
                    else if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        // Timestamp first: parsing is the bench's own cost, not the platform's.
                        var receivedAt = Stopwatch.GetTimestamp();
                        Handle(eventName, line.AsMemory("data: ".Length), receivedAt);
                    }
                }

                if (!_closing.IsCancellationRequested)
                {
                    _errors.Record("update feed ended");
                }
            }
            catch (OperationCanceledException) when (_closing.IsCancellationRequested)
            {
                // The bench is done.
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                if (!_closing.IsCancellationRequested)
                {
                    _errors.Record($"update feed broke: {ex.Message}");
                }
            }
        }
    }

    private void Handle(string eventName, ReadOnlyMemory<char> data, long receivedAt)
    {
        try
        {
            using var document = JsonDocument.Parse(data);
            var root = document.RootElement;
            switch (eventName)
            {
                case "batch":
                    foreach (var update in root.GetProperty("events").EnumerateArray())
                    {
                        Match(update, receivedAt);
                    }

                    break;
                case "twin_update":
                    Match(root, receivedAt);
                    break;
                case "gap":
                    Interlocked.Add(ref _dropped, root.GetProperty("dropped").GetInt64());
                    break;
            }
        }
        catch (JsonException)
        {
            _errors.Record("feed message not valid JSON");
        }
    }

    private void Match(JsonElement update, long receivedAt)
    {
        if (!TwinUpdateMessage.TryRead(update, out var twinId, out var seq))
        {
            _tally.UpdateWithoutSeq();
        }
        else if (_devices.TryGetValue(twinId, out var device) && device.TryTakeSendTime(seq, out var sentAt))
        {
            _tally.UpdateReceived(sentAt, receivedAt);
        }
        else
        {
            _tally.UnmatchedUpdate();
        }
    }
}
