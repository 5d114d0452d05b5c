namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>
/// The site's MQTT broker is down from <see cref="Start"/> to <see cref="End"/> (Unix seconds). A restarting broker
/// process leaves its host up, so connection attempts are <see cref="Refusing"/> (reset); a host that is down or
/// unreachable leaves them unanswered.
/// </summary>
public readonly record struct BrokerOutage(double Start, double End, bool Refusing)
{
    public bool Covers(double unixSeconds) => unixSeconds >= Start && unixSeconds < End;
}
