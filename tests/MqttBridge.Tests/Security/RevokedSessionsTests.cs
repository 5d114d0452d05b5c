using DigitalTwin.Grains.Interfaces.Credentials;
using DigitalTwin.MqttBridge.Security;

namespace DigitalTwin.MqttBridge.Tests.Security;

/// <summary>The sweep finds the device connections whose credential is no longer active, and only those.</summary>
public sealed class RevokedSessionsTests
{
    [Fact]
    public async Task OnlyConnectionsWhoseCredentialIsGoneAreFound()
    {
        var source = new FixedCredentials(new()
        {
            ["dev-1"] = [new CredentialHash("cred-new", "h")],
            ["dev-2"] = [],
            ["dev-3"] = [new CredentialHash("cred-3", "h")],
        });

        var found = await new RevokedSessions(source).FindAsync(
            [
                ("dev-1-old", new BrokerIdentity("dev-1", BrokerRole.Device, "cred-old")),
                ("dev-1", new BrokerIdentity("dev-1", BrokerRole.Device, "cred-new")),
                ("dev-2", new BrokerIdentity("dev-2", BrokerRole.Device, "cred-2")),
                ("dev-3", new BrokerIdentity("dev-3", BrokerRole.Device, "cred-3")),
                ("tools-1", new BrokerIdentity("tools", BrokerRole.Platform)),
            ],
            CancellationToken.None);

        Assert.Equal(["dev-1-old", "dev-2"], found);
        Assert.DoesNotContain("tools", source.Asked);
    }

    private sealed class FixedCredentials(Dictionary<string, CredentialHash[]> active) : IDeviceCredentialSource
    {
        public List<string> Asked { get; } = [];

        public Task<CredentialHash[]> GetActiveAsync(string deviceId)
        {
            Asked.Add(deviceId);
            return Task.FromResult(active[deviceId]);
        }

        public Task RecordUseAsync(string deviceId, string credentialId, DateTimeOffset at) => Task.CompletedTask;
    }
}
