namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>Why a device went off the network for a while.</summary>
internal enum InterruptionKind
{
    /// <summary>A watchdog, an update or a wall switch restarts it: connections closed, silence, the boot sequence.</summary>
    Reboot,

    /// <summary>It loses its Wi-Fi association: silence, then it carries on, reconnecting what the peers dropped.</summary>
    WifiDrop,

    /// <summary>Unplugged or out of battery for hours, without closing anything; it comes back with a cold boot.</summary>
    PowerOff,
}
