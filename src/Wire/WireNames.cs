using DigitalTwin.Behaviour.Wire;
using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Network;
using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Wire;

/// <summary>How lifecycle, presence, command statuses, alert severities and statuses and listing sorts are written in API responses, MQTT messages and error texts.</summary>
public static class WireNames
{
    public static string Of(TwinLifecycle lifecycle) => lifecycle switch
    {
        TwinLifecycle.Pending => "pending",
        TwinLifecycle.Active => "active",
        TwinLifecycle.Suspended => "suspended",
        _ => "decommissioned",
    };

    public static string Of(PresenceStatus presence) => presence switch
    {
        PresenceStatus.Online => "online",
        PresenceStatus.Observed => "observed",
        _ => "offline",
    };

    public static string Of(NetworkWindowSource source) => source == NetworkWindowSource.Probe ? NetworkPayload.ProbeSource : NetworkPayload.DeviceSource;

    public static string Of(CommandStatus status) => status switch
    {
        CommandStatus.Queued => "queued",
        CommandStatus.Sent => "sent",
        CommandStatus.Succeeded => "succeeded",
        CommandStatus.Failed => "failed",
        CommandStatus.TimedOut => "timed_out",
        CommandStatus.Expired => "expired",
        _ => "cancelled",
    };

    public static string Of(AlertSeverity severity) => severity == AlertSeverity.Critical ? "critical" : "warning";

    public static string Of(AlertStatus status) => status == AlertStatus.Cleared ? "cleared" : "active";

    public static string Of(TwinSortField field) => field switch
    {
        TwinSortField.Id => "id",
        TwinSortField.Type => "type",
        TwinSortField.CreatedAt => "created_at",
        TwinSortField.LastUpdated => "last_updated",
        _ => "last_seen",
    };

    /// <summary>The <c>sort</c> parameter's spelling: the field, prefixed with '-' when descending.</summary>
    public static string Of(TwinSort sort) => sort.Descending ? "-" + Of(sort.Field) : Of(sort.Field);
}
