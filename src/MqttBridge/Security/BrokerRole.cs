namespace DigitalTwin.MqttBridge.Security;

/// <summary>What an authenticated broker client is.</summary>
public enum BrokerRole
{
    /// <summary>A device: its own topics only.</summary>
    Device,

    /// <summary>A platform tool: subscribes to everything, <c>twin/#</c> and <c>system/#</c> included.</summary>
    Platform,

    /// <summary>A network probe: publishes <c>device/{id}/network</c> for the ids and subnets it is configured for.</summary>
    Probe,
}
