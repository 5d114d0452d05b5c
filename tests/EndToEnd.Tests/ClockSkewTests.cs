using System.Text.Json;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using static DigitalTwin.EndToEnd.Tests.DeviceTelemetryTests;

namespace DigitalTwin.EndToEnd.Tests;

/// <summary>A device clock running ahead cannot freeze its twin, and the device hears about it once a minute at most.</summary>
[Collection(SiloCollection.Name)]
public sealed class ClockSkewTests(SiloFixture fixture)
{
    private readonly SiloProcess _silo = fixture.Silo;
    private readonly Mosquitto _mqtt = fixture.Mqtt;

    [Fact]
    public async Task AMessageStampedAheadDoesNotFreezeTheTwinAndClockSkewIsToldOnce()
    {
        var id = NewId("skew");
        using var errors = await _mqtt.SubscribeAsync(id + "-errors", $"device/{id}/error");
        var topic = $"device/{id}/telemetry";

        // Each message is stamped only once the twin has applied the one before (its PUBACK says only that it is
        // queued for the twin), so the next one's time is later than its receipt. Now() is cut to the millisecond,
        // and a fast machine applies the second message and sends the third within one: the third is stamped a
        // millisecond on, so that it is newer than the second's receipt for certain.
        await PublishAppliedAsync(id, topic, $$"""{"timestamp":{{Now() + 200}},"temperature":99}""", messages: 1);
        await PublishAppliedAsync(id, topic, $$"""{"timestamp":{{Now() + 200}},"temperature":98}""", messages: 2);
        var twin = await PublishAppliedAsync(id, topic, $$"""{"timestamp":{{Now() + 0.001}},"temperature":21}""", messages: 3);
        Assert.Equal(3, twin.GetProperty("messages").GetProperty("accepted").GetInt64());
        Assert.Equal(21, twin.GetProperty("state").GetProperty("temperature").GetDouble());
        Assert.Equal(0, twin.GetProperty("messages").GetProperty("stale").GetInt64());
        Assert.Equal(2, twin.GetProperty("messages").GetProperty("clock_skewed").GetInt64());

        // The telemetry point keeps the device's own (skewed) time: it is the newest.
        var telemetry = await _silo.GetDataAsync($"/api/v1/twins/{id}/telemetry?limit=1");
        Assert.Equal(98, telemetry.GetProperty("telemetry")[0].GetProperty("temperature").GetDouble());

        // A stale message's error is published after any the skewed messages caused, on the same topic: once it
        // has arrived, every CLOCK_SKEW the platform sent has too.
        await PublishAsync(topic, $$"""{"timestamp":{{Now() - 60}},"temperature":10}""");
        await errors.WaitForLineAsync(l => ErrorCode(l, id) == "STALE_MESSAGE", $"STALE_MESSAGE on device/{id}/error");

        var clockSkew = Assert.Single(errors.Lines, l => ErrorCode(l, id) == "CLOCK_SKEW");
        using var error = JsonDocument.Parse(clockSkew[(clockSkew.IndexOf(' ') + 1)..]);
        Assert.Equal(topic, error.RootElement.GetProperty("details").GetProperty("topic").GetString());
        Assert.Contains("Twins:FutureTimestampTolerance", error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task PublishAsync(string topic, string payload)
    {
        var (exit, output) = await _mqtt.PublishAsync(topic, payload);
        Assert.True(exit == 0, output);
    }

    /// <summary>Publishes, then waits until the twin has taken the message in, accepted or stale: <paramref name="messages"/> in all.</summary>
    private async Task<JsonElement> PublishAppliedAsync(string id, string topic, string payload, int messages)
    {
        await PublishAsync(topic, payload);
        return await _silo.TwinWhenAsync(
            id,
            t => t.GetProperty("messages").GetProperty("accepted").GetInt64() + t.GetProperty("messages").GetProperty("stale").GetInt64() == messages,
            what: $"{messages} messages taken in by twin {id}");
    }

    private static string? ErrorCode(string line, string id)
    {
        if (!line.StartsWith($"device/{id}/error ", StringComparison.Ordinal))
        {
            return null;
        }

        using var error = JsonDocument.Parse(line[(line.IndexOf(' ') + 1)..]);
        return error.RootElement.GetProperty("error_code").GetString();
    }
}
