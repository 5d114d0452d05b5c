namespace DigitalTwin.MqttBridge.Security;

/// <summary>One platform or probe account of <c>Mqtt:Auth:Accounts</c>.</summary>
public sealed class BrokerAccountOptions
{
    /// <summary>The MQTT username. An account's name takes precedence over a device id of the same name.</summary>
    public string Username { get; set; } = "";

    /// <summary>
    /// The hash of the account's secret, as <c>dotnet run --project src/Silo -- hash-secret</c> prints it
    /// (<c>pbkdf2-sha256$...</c>): the secret itself never needs to be in configuration.
    /// </summary>
    public string SecretHash { get; set; } = "";

    /// <summary><c>platform</c> (reads every topic, may publish any) or <c>probe</c> (publishes network windows of <see cref="DeviceIds"/> and <see cref="Subnets"/> only).</summary>
    public string Role { get; set; } = "";

    /// <summary>Probe only: device ids it may publish windows for (the ids of its map file).</summary>
    public string[] DeviceIds { get; set; } = [];

    /// <summary>Probe only: subnets (CIDR) whose derived ids (<c>ip-10-0-0-5</c>, <c>ip6-fd00--5</c>) it may publish windows for.</summary>
    public string[] Subnets { get; set; } = [];
}
