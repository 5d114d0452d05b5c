namespace DigitalTwin.Api.Alerts;

/// <summary>How the alert listings' query parameters read in the OpenAPI document.</summary>
internal static class AlertListParameters
{
    public const string TwinId = "Only alerts of this twin.";
    public const string Type = "Only alerts of this suspected behaviour: traffic_spike, protocol_mix, brute_force, payload_tunnelling, timing_anomaly, connection_flood, beacon, port_scan, dns_tunnelling, data_exfiltration or unclassified.";
    public const string Severity = "Only alerts of this severity: warning or critical.";
    public const string Status = "Only active or only cleared alerts.";
    public const string Acknowledged = "Only acknowledged (true) or unacknowledged (false) alerts.";
    public const string From = "Only alerts last seen at or after this time (ISO 8601).";
    public const string To = "Only alerts last seen at or before this time (ISO 8601).";
    public const string Limit = "Alerts per page, 1-1000 (default 50).";
    public const string Cursor = "Continue after the last alert of an earlier page: its next_cursor, with the same filters.";
}
