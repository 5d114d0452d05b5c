using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.Twins;

/// <summary>How lifecycle and presence are written in API responses, MQTT messages and error texts.</summary>
public static class WireNames
{
    public static string Of(TwinLifecycle lifecycle) => lifecycle switch
    {
        TwinLifecycle.Pending => "pending",
        TwinLifecycle.Active => "active",
        TwinLifecycle.Suspended => "suspended",
        _ => "decommissioned",
    };

    public static string Of(PresenceStatus presence) => presence == PresenceStatus.Online ? "online" : "offline";
}
