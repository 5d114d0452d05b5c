namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>
/// Whether a device is there: <see cref="Online"/> when it said so itself (status topic or its own traffic), and
/// <see cref="Observed"/> when only a network probe saw its packets; either lapses to <see cref="Offline"/> after the
/// inactivity timeout.
/// </summary>
[GenerateSerializer, Alias("dtn.PresenceStatus")]
public enum PresenceStatus : byte
{
    Offline = 0,
    Online = 1,
    Observed = 2,
}
