namespace DigitalTwin.Grains.Interfaces.Network;

/// <summary>Who measured a network window: the device itself, or a network probe that watched its packets.</summary>
[GenerateSerializer, Alias("dtn.NetworkWindowSource")]
public enum NetworkWindowSource : byte
{
    Device = 0,
    Probe = 1,
}
