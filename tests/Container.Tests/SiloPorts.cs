using DigitalTwin.TestSupport;

namespace DigitalTwin.Container.Tests;

/// <summary>The ports a silo container listens on, on the host's network.</summary>
public sealed record SiloPorts(int Http, int Mqtt, int Silo, int Gateway)
{
    public static SiloPorts Free() => new(FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
}
