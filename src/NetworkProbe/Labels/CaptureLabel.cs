namespace DigitalTwin.NetworkProbe.Labels;

/// <summary>A known event in a capture: the host (an IP address or a device id), its time range and its class.</summary>
internal sealed record CaptureLabel(string Host, DateTimeOffset Start, DateTimeOffset End, string Class);
