namespace DigitalTwin.Grains.Twins;

/// <summary>
/// The one rule for device clocks that run ahead: a device time more than a tolerance past the moment the platform
/// received the message cannot be true, and trusting it for ordering would let one message hold a field (or a twin's
/// network windows) until the real time caught up with it.
/// </summary>
public static class ClockSkew
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromSeconds(5);

    /// <summary>Whether <paramref name="deviceTime"/> lies more than <paramref name="tolerance"/> after <paramref name="receivedAt"/>.</summary>
    public static bool IsAhead(DateTimeOffset deviceTime, DateTimeOffset receivedAt, TimeSpan tolerance) =>
        deviceTime - receivedAt > tolerance;
}
