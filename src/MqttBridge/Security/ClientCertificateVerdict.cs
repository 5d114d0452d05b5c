namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// What a client certificate proves: the device id it names, or why it proves nothing (<see cref="Refusal"/>, for the
/// log) and the reason it is counted under (<see cref="CountedAs"/>, one of <c>BrokerSecurityMetrics</c>' reasons).
/// </summary>
internal readonly record struct ClientCertificateVerdict(string? DeviceId, string? Refusal, string? CountedAs)
{
    public bool IsProven => DeviceId is not null;

    public static ClientCertificateVerdict Proven(string deviceId) => new(deviceId, null, null);

    public static ClientCertificateVerdict Refused(string countedAs, string reason) => new(null, reason, countedAs);
}
