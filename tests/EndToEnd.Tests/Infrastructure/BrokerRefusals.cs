namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>What a test checks after the broker refused a client's packet: how it closed, what it counted, what it did not deliver.</summary>
public sealed class BrokerRefusals(SiloProcess silo, Mosquitto mqtt)
{
    /// <summary>MQTT 5 ends with a DISCONNECT carrying <paramref name="reason"/>, 3.1.1 with the connection closed; neither acknowledges.</summary>
    public static async Task ExpectClosedAsync(RawMqttConnection connection, int level, int reason)
    {
        var frame = await connection.ReadAsync();
        if (level == 5)
        {
            Assert.NotNull(frame);
            Assert.Equal(MqttFrame.Disconnect, frame.Type);
            Assert.Equal(reason, frame.Body[0]);
            frame = await connection.ReadAsync();
        }

        Assert.Null(frame);
    }

    /// <summary>
    /// Proves the refused publish (its payload is <paramref name="marker"/>) never reached the <c>#</c> subscriber:
    /// the broker handled it before it closed the connection, so had it been delivered it would sit in the
    /// subscriber's queue ahead of a publish sent afterwards; that one comes through, the refused one does not.
    /// </summary>
    public async Task AssertNotDeliveredAsync(Subscription everything, string marker)
    {
        var after = $"e2e/after/{marker}";
        await mqtt.PublishAsync(after, "after", clientId: marker + "-after");
        await everything.WaitForLineAsync(l => l.StartsWith(after, StringComparison.Ordinal), "the publish sent after the refused one");
        Assert.DoesNotContain(everything.Lines, l => l.EndsWith(" " + marker, StringComparison.Ordinal));
    }

    /// <summary>How many messages were refused with <paramref name="code"/> (<c>messages.rejected_by_reason</c>).</summary>
    public async Task<long> CountAsync(string code)
    {
        var metrics = await silo.GetDataAsync("/api/v1/system/metrics");
        return metrics.GetProperty("messages").GetProperty("rejected_by_reason").TryGetProperty(code, out var count) ? count.GetInt64() : 0;
    }
}
