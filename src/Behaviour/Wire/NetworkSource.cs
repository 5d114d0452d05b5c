namespace DigitalTwin.Behaviour.Wire;

/// <summary>Who measured a network window: the device itself, or a probe that watched its traffic.</summary>
public enum NetworkSource : byte
{
    /// <summary>The device reports its own traffic (the default when a payload names no source).</summary>
    Device,

    /// <summary>A network probe observed the host's packets; the host itself said nothing.</summary>
    Probe,
}
