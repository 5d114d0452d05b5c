namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// Two token buckets (messages, bytes) of one device connection, each holding one second's worth. MQTTnet hands a
/// connection's publishes over one at a time, so the buckets need no lock and touch nothing shared with other devices;
/// a message costs a clock read and a few arithmetic operations. A message larger than the byte bucket passes when the
/// bucket is full and leaves it in debt, so a large but legal message is slowed, never refused for ever.
/// </summary>
internal sealed class DeviceRateLimit(int messagesPerSecond, int bytesPerSecond, TimeProvider clock)
{
    private double _messages = messagesPerSecond;
    private double _bytes = bytesPerSecond;
    private long _last = clock.GetTimestamp();
    private long _lastReported = long.MinValue;

    /// <summary>Takes one message of <paramref name="bytes"/> bytes; false when it is over a limit (nothing is taken then).</summary>
    public bool TryTake(long bytes)
    {
        var now = clock.GetTimestamp();
        var elapsed = (now - _last) / (double)clock.TimestampFrequency;
        _last = now;
        if (messagesPerSecond > 0)
        {
            _messages = Math.Min(messagesPerSecond, _messages + (elapsed * messagesPerSecond));
        }

        if (bytesPerSecond > 0)
        {
            _bytes = Math.Min(bytesPerSecond, _bytes + (elapsed * bytesPerSecond));
        }

        if ((messagesPerSecond > 0 && _messages < 1) || (bytesPerSecond > 0 && _bytes <= 0))
        {
            return false;
        }

        _messages -= 1;
        _bytes -= bytes;
        return true;
    }

    /// <summary>True at most once a second: whether a refusal should also be reported on the device's error topic.</summary>
    public bool ShouldReport()
    {
        var now = clock.GetTimestamp();
        if (_lastReported != long.MinValue && now - _lastReported < clock.TimestampFrequency)
        {
            return false;
        }

        _lastReported = now;
        return true;
    }
}
