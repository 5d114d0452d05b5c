namespace DigitalTwin.MqttBridge.Security;

/// <summary>What a client certificate proves: the device id it names, or why it proves nothing.</summary>
internal readonly record struct ClientCertificateVerdict(string? DeviceId, string? Refusal)
{
    public bool IsProven => DeviceId is not null;

    public static ClientCertificateVerdict Proven(string deviceId) => new(deviceId, null);

    public static ClientCertificateVerdict Refused(string reason) => new(null, reason);
}
