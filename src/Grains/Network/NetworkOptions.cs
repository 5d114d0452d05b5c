namespace DigitalTwin.Grains.Network;

/// <summary>How twins keep their devices' network behaviour. Bound from the <c>Network</c> configuration section.</summary>
public sealed class NetworkOptions
{
    public const string SectionName = "Network";

    /// <summary>Windows each twin keeps for <c>GET .../network</c>: 360 is one hour of 10-second windows.</summary>
    public int RecentWindows { get; set; } = 360;

    /// <summary>Most windows one export may span, in hours between <c>from</c> and <c>to</c>.</summary>
    public int MaxExportHours { get; set; } = 24 * 31;
}
