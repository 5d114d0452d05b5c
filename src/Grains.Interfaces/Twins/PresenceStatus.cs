namespace DigitalTwin.Grains.Interfaces.Twins;

[GenerateSerializer, Alias("dtn.PresenceStatus")]
public enum PresenceStatus : byte
{
    Offline = 0,
    Online = 1,
}
