using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>The batched firehose, <c>/api/v1/events/batches</c>: many events per Server-Sent Event, none lost, bad input refused.</summary>
[Collection(SiloCollection.Name)]
public sealed class BatchedFeedTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;
    private readonly Mosquitto _mqtt = fixture.Mqtt;

    [Fact]
    public async Task EveryUpdateArrivesOnceInBatchesOfAtMostTheSizeAsked()
    {
        var id = DeviceTelemetryTests.NewId("batch");
        using var response = await _silo.Http.GetAsync($"/api/v1/events/batches?twin_id={id}&events=twin_update&max_events=7", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var stream = new StreamReader(await response.Content.ReadAsStreamAsync());

        const int Messages = 50;
        var (exit, output) = await _mqtt.PublishLinesAsync($"device/{id}/telemetry", Enumerable.Range(1, Messages).Select(i => $$"""{"seq":{{i}}}"""), id);
        Assert.True(exit == 0, output);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seqs = new List<long>();
        var ids = new List<long>();
        string? eventName = null;
        while (seqs.Count < Messages && await stream.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                ids.Add(long.Parse(line["id: ".Length..]));
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                Assert.Equal("batch", eventName);
                var batch = JsonDocument.Parse(line["data: ".Length..]).RootElement;
                Assert.Equal("batch", batch.GetProperty("type").GetString());
                var events = batch.GetProperty("events").EnumerateArray().ToList();
                Assert.Equal(events.Count, batch.GetProperty("count").GetInt32());
                Assert.InRange(events.Count, 1, 7);
                foreach (var update in events)
                {
                    Assert.Equal("twin_update", update.GetProperty("type").GetString());
                    Assert.Equal(id, update.GetProperty("twin_id").GetString());
                    seqs.Add(update.GetProperty("state").GetProperty("seq").GetInt64());
                }
            }
        }

        // One device's updates in the order it sent them, each once; the messages are numbered 1, 2, 3, ...
        Assert.Equal(Enumerable.Range(1, Messages).Select(i => (long)i), seqs);
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => (long)i), ids);
    }

    [Theory]
    [InlineData("max_events=0", "VALIDATION_ERROR", "max_events")]
    [InlineData("max_events=1001", "VALIDATION_ERROR", "max_events")]
    [InlineData("max_events=many", "VALIDATION_ERROR", "max_events")]
    [InlineData("events=twin_update,gossip", "VALIDATION_ERROR", "gossip")]
    [InlineData("twin_id=Not%20An%20Id", "VALIDATION_ERROR", "twin id")]
    [InlineData("batch=10", "UNKNOWN_PARAMETER", "batch")]
    public async Task ABadQueryIs400WithTheErrorEnvelopeBeforeTheStreamStarts(string query, string code, string named)
    {
        var call = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/events/batches?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, call.Status);
        Assert.Equal(code, call.ErrorCode);
        Assert.Contains(named, call.Body.GetProperty("error").GetProperty("message").GetString());
    }
}
