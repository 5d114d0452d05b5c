using System.Net;
using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary><c>GET .../telemetry</c> with <c>interval</c>/<c>agg</c>/<c>keys</c> over the in-memory window, and its refusals.</summary>
[Collection(SiloCollection.Name)]
public sealed class TelemetryHistoryTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task TelemetryIsAggregatedPerBucket()
    {
        var id = await PublishSeriesAsync(fixture.Mqtt, _silo);
        var start = Uri.EscapeDataString(SeriesStart.ToString("O"));
        var end = Uri.EscapeDataString(SeriesStart.AddMinutes(2).ToString("O"));

        var avg = await _silo.GetDataAsync($"/api/v1/twins/{id}/telemetry?start={start}&end={end}&interval=1m&agg=avg");
        var count = await _silo.GetDataAsync($"/api/v1/twins/{id}/telemetry?start={start}&end={end}&interval=60000&agg=count&keys=mode");

        AssertSeriesAggregates(avg, count);
    }

    [Fact]
    public async Task TheRangeIsNamedFromAndToLikeEveryRouteWithStartAndEndStillAccepted()
    {
        var id = await PublishSeriesAsync(fixture.Mqtt, _silo);
        var from = Uri.EscapeDataString(SeriesStart.ToString("O"));
        var to = Uri.EscapeDataString(SeriesStart.AddMinutes(2).ToString("O"));

        var avg = await _silo.GetDataAsync($"/api/v1/twins/{id}/telemetry?from={from}&to={to}&interval=1m&agg=avg");
        var count = await _silo.GetDataAsync($"/api/v1/twins/{id}/telemetry?from={from}&to={to}&interval=60000&agg=count&keys=mode");
        AssertSeriesAggregates(avg, count);

        // Points too: a range after the series holds none of it, whichever name it goes by.
        var after = Uri.EscapeDataString(SeriesStart.AddMinutes(5).ToString("O"));
        Assert.Equal(0, (await _silo.GetDataAsync($"/api/v1/twins/{id}/telemetry?from={after}")).GetProperty("count").GetInt32());
        Assert.Equal(0, (await _silo.GetDataAsync($"/api/v1/twins/{id}/telemetry?start={after}")).GetProperty("count").GetInt32());
        Assert.True((await _silo.GetDataAsync($"/api/v1/twins/{id}/telemetry?to={after}")).GetProperty("count").GetInt32() > 0);
    }

    [Theory]
    [InlineData("interval=0s", "'interval'")]
    [InlineData("interval=500", "'interval'")]
    [InlineData("interval=1w", "'interval'")]
    [InlineData("interval=-1m", "'interval'")]
    [InlineData("interval=99999999999999d", "'interval'")]
    [InlineData("agg=avg", "'agg' needs an 'interval'")]
    [InlineData("interval=1m&agg=median", "'agg'")]
    [InlineData("interval=1m&keys=a,,b", "'keys'")]
    [InlineData("interval=1m&keys=%24where", "'keys'")]
    [InlineData("interval=1s&start=2020-01-01T00:00:00Z&end=2021-01-01T00:00:00Z", "10000 buckets")]
    [InlineData("interval=1m&start=2026-01-02T00:00:00Z&end=2026-01-01T00:00:00Z", "'start' must be before 'end'")]
    [InlineData("interval=1m&start=yesterday", "'start' must be an ISO 8601 time")]
    [InlineData("interval=1m&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "'from' must be before 'to'")]
    [InlineData("from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "'from' must not be after 'to'")]
    [InlineData("from=2026-01-01T00:00:00Z&start=2026-01-01T00:00:00Z", "not both")]
    [InlineData("to=2026-01-01T00:00:00Z&end=2026-01-01T00:00:00Z", "not both")]
    public async Task BadAggregationParametersAreRefused(string query, string message)
    {
        var id = SeriesId("bad");
        await fixture.Mqtt.PublishAsync($"device/{id}/telemetry", """{"temperature":1}""");

        // The twin exists once it applied the message (a moment after the PUBACK): only then is the refusal about the query.
        await _silo.TwinWhenAsync(id, t => t.GetProperty("version").GetInt64() >= 1);
        var call = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{id}/telemetry?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, call.Status);
        Assert.Contains(message, call.Body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AggregatingAnUnknownTwinIsNotFound()
    {
        var call = await ApiCall.SendAsync(_silo.Http, HttpMethod.Get, $"/api/v1/twins/{SeriesId("none")}/telemetry?interval=1h");

        Assert.Equal(HttpStatusCode.NotFound, call.Status);
        Assert.Equal("TWIN_NOT_FOUND", call.ErrorCode);
    }

    /// <summary>Ten minutes ago, on a whole minute, so buckets are predictable and inside every retention.</summary>
    internal static readonly DateTimeOffset SeriesStart = WholeMinute(DateTimeOffset.UtcNow).AddMinutes(-10);

    internal static string SeriesId(string prefix) => DeviceTelemetryTests.NewId(prefix);

    /// <summary>Points at +0 s (20, eco), +30 s (22), +59 s (30), +60 s (10, off), sent twice each (QoS 1 re-sends).</summary>
    internal static async Task<string> PublishSeriesAsync(Mosquitto mqtt, SiloProcess silo)
    {
        var id = SeriesId("series");
        string[] points =
        [
            Point(0, "\"temperature\":20,\"mode\":\"eco\""),
            Point(30, "\"temperature\":22"),
            Point(59, "\"temperature\":30"),
            Point(60, "\"temperature\":10,\"mode\":\"off\""),
        ];
        var (exit, output) = await mqtt.PublishLinesAsync($"device/{id}/telemetry", [.. points, .. points], id);
        Assert.True(exit == 0, output);
        await Eventually.GetAsync(
            () => silo.GetDataAsync($"/api/v1/twins/{id}"),
            twin => twin.GetProperty("messages").GetProperty("accepted").GetInt64() + twin.GetProperty("messages").GetProperty("stale").GetInt64() == 8,
            what: $"twin {id} with 8 messages");
        return id;
    }

    internal static void AssertSeriesAggregates(JsonElement avg, JsonElement count)
    {
        Assert.Equal("avg", avg.GetProperty("agg").GetString());
        var buckets = avg.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(2, buckets.Count);
        Assert.Equal(SeriesStart, buckets[0].GetProperty("start").GetDateTimeOffset());
        Assert.Equal(24, buckets[0].GetProperty("values").GetProperty("temperature").GetDouble(), 9);
        Assert.False(buckets[0].GetProperty("values").TryGetProperty("mode", out _));
        Assert.Equal(10, buckets[1].GetProperty("values").GetProperty("temperature").GetDouble(), 9);

        var counts = count.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(2, counts.Count);
        Assert.Equal(1, counts[0].GetProperty("values").GetProperty("mode").GetDouble());
        Assert.False(counts[0].GetProperty("values").TryGetProperty("temperature", out _));
    }

    private static DateTimeOffset WholeMinute(DateTimeOffset time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    private static string Point(int seconds, string fields) =>
        $$"""{"timestamp":"{{SeriesStart.AddSeconds(seconds):O}}",{{fields}}}""";
}
