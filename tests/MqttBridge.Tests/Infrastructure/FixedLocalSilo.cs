using System.Net;

namespace DigitalTwin.MqttBridge.Tests.Infrastructure;

/// <summary>The local silo's details for bridge parts tested without a silo: one silo on loopback.</summary>
public sealed class FixedLocalSilo : ILocalSiloDetails
{
    public string Name => "test-silo";

    public string ClusterId => "test";

    public string DnsHostName => "localhost";

    public SiloAddress SiloAddress { get; } = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);

    public SiloAddress GatewayAddress => SiloAddress;
}
