using System.Net;
using System.Text;
using DigitalTwin.Grains.Credentials;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Interfaces.Credentials;
using DigitalTwin.Grains.Security;
using DigitalTwin.MqttBridge.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MQTTnet.Protocol;
using System.Diagnostics.Metrics;

namespace DigitalTwin.MqttBridge.Tests.Security;

/// <summary>
/// Who a CONNECT is: a device with one of its active secrets (cached after the first slow hash, never past a
/// revocation), a configured account, or no one; failures back off, production binds the client id to the username,
/// and a will must be on the identity's own status topic.
/// </summary>
public sealed class BrokerAuthenticationTests
{
    private const string AccountSecret = "platform-account-secret-of-32-chars-or-more";
    private static readonly IPAddress Address = IPAddress.Parse("192.0.2.1");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly CredentialTable _credentials = new();
    private readonly BrokerSecurityMetrics _metrics = new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
    private readonly VerificationCache _cache = new(100);
    private readonly BrokerAuthOptions _options = new()
    {
        Enabled = true,
        Accounts =
        [
            new BrokerAccountOptions { Username = "tools", Role = "platform", SecretHash = SecretHash.Create(AccountSecret) },
            new BrokerAccountOptions { Username = "probe", Role = "probe", SecretHash = SecretHash.Create(AccountSecret), Subnets = ["10.0.0.0/24"] },
        ],
    };

    [Fact]
    public async Task ADeviceWithItsSecretIsItselfAndTheSecondConnectionComesFromTheCache()
    {
        var secret = _credentials.Issue("dev-1");
        var authentication = Authentication();

        var first = await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", secret));
        var second = await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", secret));

        Assert.Equal(MqttConnectReasonCode.Success, first.Reason);
        Assert.Equal(new BrokerIdentity("dev-1", BrokerRole.Device, _credentials.IdOf(secret)), first.Identity);
        Assert.Equal(first.Identity, second.Identity);
        Assert.Equal(1, _metrics.SlowVerifications);
        Assert.Equal(1, _metrics.CacheHits);
    }

    [Fact]
    public async Task AWrongSecretAnotherDevicesSecretOrNoneIsBadUsernameOrPassword()
    {
        var secretA = _credentials.Issue("dev-a");
        _credentials.Issue("dev-b");

        foreach (var attempt in new[]
        {
            Attempt("dev-b", "dev-b", secretA),
            Attempt("dev-c", "dev-c", secretA),
            Attempt("dev-a", "dev-a", secretA + "x"),
            Attempt("dev-a", null, null),
            Attempt("Not A Device", "Not A Device", secretA),
        })
        {
            var decision = await Authentication().AuthenticateAsync(attempt);
            Assert.Equal(MqttConnectReasonCode.BadUserNameOrPassword, decision.Reason);
            Assert.Null(decision.Identity);
        }

        Assert.Equal(5, _metrics.ConnectionsRefusedByReason[BrokerSecurityMetrics.BadCredentials]);
    }

    [Fact]
    public async Task ACachedSecretIsRefusedOnceItsCredentialIsRevokedWhileAnotherStaysActive()
    {
        var revoked = _credentials.Issue("dev-1");
        _credentials.Issue("dev-1");
        var authentication = Authentication();
        Assert.True((await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", revoked))).Accepted);

        _credentials.Revoke("dev-1", _credentials.IdOf(revoked));

        Assert.Equal(MqttConnectReasonCode.BadUserNameOrPassword, (await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", revoked))).Reason);
    }

    [Fact]
    public async Task BothSecretsAreValidDuringARotation()
    {
        var old = _credentials.Issue("dev-1");
        var rotated = _credentials.Issue("dev-1");
        var authentication = Authentication();

        Assert.Equal(_credentials.IdOf(old), (await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", old))).Identity!.CredentialId);
        Assert.Equal(_credentials.IdOf(rotated), (await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", rotated))).Identity!.CredentialId);
        _credentials.Revoke("dev-1", _credentials.IdOf(old));
        Assert.False((await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", old))).Accepted);
        _clock.Advance(_options.FailureBackoff);
        Assert.True((await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", rotated))).Accepted);
    }

    [Fact]
    public async Task AFailureBacksTheDeviceOffEvenWithTheRightSecret()
    {
        var secret = _credentials.Issue("dev-1");
        var authentication = Authentication();
        await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", "guess"));

        var v5 = await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", secret));
        var v311 = await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", secret) with { IsMqtt5 = false });
        _clock.Advance(_options.FailureBackoff);
        var later = await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", secret));

        Assert.Equal(MqttConnectReasonCode.ConnectionRateExceeded, v5.Reason);
        Assert.Equal(MqttConnectReasonCode.ServerUnavailable, v311.Reason);
        Assert.True(later.Accepted);
        Assert.Equal(2, _metrics.ConnectionsRefusedByReason[BrokerSecurityMetrics.BackedOff]);
        Assert.Equal(2, _metrics.SlowVerifications);
    }

    [Fact]
    public async Task InProductionTheClientIdMustBeTheDeviceId()
    {
        var secret = _credentials.Issue("dev-1");

        var production = await Authentication(SecurityOptions.Production).AuthenticateAsync(Attempt("other-id", "dev-1", secret));
        var development = await Authentication(SecurityOptions.Development).AuthenticateAsync(Attempt("other-id", "dev-1", secret));

        Assert.Equal(MqttConnectReasonCode.ClientIdentifierNotValid, production.Reason);
        Assert.True(development.Accepted);
        Assert.Equal(1, _metrics.ConnectionsRefusedByReason[BrokerSecurityMetrics.ClientIdMismatch]);
    }

    [Fact]
    public async Task AccountsConnectWithTheirSecretAndInProductionWithTheirNameAsClientIdPrefix()
    {
        var authentication = Authentication(SecurityOptions.Production);

        var tools = await authentication.AuthenticateAsync(Attempt("tools", "tools", AccountSecret));
        var probe = await authentication.AuthenticateAsync(Attempt("probe-run1-3", "probe", AccountSecret));
        var borrowed = await authentication.AuthenticateAsync(Attempt("probes", "probe", AccountSecret));
        var wrong = await authentication.AuthenticateAsync(Attempt("tools", "tools", AccountSecret + "!"));

        Assert.Equal(BrokerRole.Platform, tools.Identity!.Role);
        Assert.Equal(BrokerRole.Probe, probe.Identity!.Role);
        Assert.True(probe.Identity.Probe!.Allows("ip-10-0-0-9"));
        Assert.Equal(MqttConnectReasonCode.ClientIdentifierNotValid, borrowed.Reason);
        Assert.Equal(MqttConnectReasonCode.BadUserNameOrPassword, wrong.Reason);
    }

    [Fact]
    public async Task AWillOnAnotherDevicesTopicIsNotAuthorized()
    {
        var secret = _credentials.Issue("dev-1");
        var authentication = Authentication();

        var other = await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", secret) with { WillTopic = "device/dev-2/status" });
        var own = await authentication.AuthenticateAsync(Attempt("dev-1", "dev-1", secret) with { WillTopic = "device/dev-1/status" });

        Assert.Equal(MqttConnectReasonCode.NotAuthorized, other.Reason);
        Assert.True(own.Accepted);
        Assert.Equal(1, _metrics.ConnectionsRefusedByReason[BrokerSecurityMetrics.WillNotAllowed]);
    }

    [Fact]
    public async Task AClientCertificateProvesTheDeviceWithoutASecretAndANamedOtherDeviceIsRefused()
    {
        var authentication = Authentication(SecurityOptions.Production);

        var certified = await authentication.AuthenticateAsync(Attempt("dev-c", null, null) with { CertifiedDeviceId = "dev-c" });
        var sameName = await authentication.AuthenticateAsync(Attempt("dev-c", "dev-c", null) with { CertifiedDeviceId = "dev-c" });
        var otherName = await authentication.AuthenticateAsync(Attempt("dev-c", "dev-d", "whatever") with { CertifiedDeviceId = "dev-c" });
        var othersWill = await authentication.AuthenticateAsync(Attempt("dev-c", null, null) with { CertifiedDeviceId = "dev-c", WillTopic = "device/dev-d/status" });

        Assert.Equal(new BrokerIdentity("dev-c", BrokerRole.Device), certified.Identity);
        Assert.Equal(new BrokerIdentity("dev-c", BrokerRole.Device), sameName.Identity);
        Assert.Equal(MqttConnectReasonCode.BadUserNameOrPassword, otherName.Reason);
        Assert.Equal(MqttConnectReasonCode.NotAuthorized, othersWill.Reason);
        Assert.Equal(0, _metrics.SlowVerifications);
    }

    private BrokerAuthentication Authentication(string mode = SecurityOptions.Development) => new(
        new BrokerAccounts(_options),
        _credentials,
        _cache,
        new FailureBackoff(_options, _clock),
        _metrics,
        Options.Create(new SecurityOptions { Mode = mode }),
        _clock,
        NullLogger<BrokerAuthentication>.Instance);

    private static ConnectAttempt Attempt(string clientId, string? username, string? password) =>
        new(clientId, username, password is null ? null : Encoding.UTF8.GetBytes(password), Address, null, IsMqtt5: true);

    /// <summary>The credentials grain's rules over a dictionary, for the broker's side of them.</summary>
    private sealed class CredentialTable : IDeviceCredentialSource
    {
        private readonly Dictionary<string, DeviceCredentialsState> _devices = [];
        private readonly Dictionary<string, string> _idsBySecret = [];

        public string Issue(string deviceId)
        {
            var result = Credentials(deviceId).Issue(DateTimeOffset.UtcNow);
            _idsBySecret[result.Secret!] = result.Credential!.Id;
            return result.Secret!;
        }

        public string IdOf(string secret) => _idsBySecret[secret];

        public void Revoke(string deviceId, string credentialId) => Credentials(deviceId).Revoke(credentialId);

        public void RevokeAll(string deviceId) => Credentials(deviceId).RevokeAll();

        public Task<CredentialHash[]> GetActiveAsync(string deviceId) => Task.FromResult(Credentials(deviceId).Hashes());

        public Task RecordUseAsync(string deviceId, string credentialId, DateTimeOffset at) => Task.CompletedTask;

        private DeviceCredentials Credentials(string deviceId)
        {
            if (!_devices.TryGetValue(deviceId, out var state))
            {
                _devices[deviceId] = state = new DeviceCredentialsState();
            }

            return new DeviceCredentials(state);
        }
    }
}
