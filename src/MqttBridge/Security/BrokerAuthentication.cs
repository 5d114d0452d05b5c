using DigitalTwin.Grains.Credentials;
using DigitalTwin.Grains.Diagnostics;
using DigitalTwin.Grains.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet.Protocol;
using DeviceIdRule = DigitalTwin.Grains.Twins.DeviceId;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// Decides who a CONNECT is (<see cref="AuthenticateAsync"/>, the one entry point the broker's connection hook calls):
/// a platform or probe account (<see cref="BrokerAccounts"/>), or a device whose password is one of its active secrets
/// (<see cref="IDeviceCredentialSource"/>, verified through the <see cref="VerificationCache"/> or the slow hash).
/// Failures back the device id and the address off (<see cref="FailureBackoff"/>). In production the client id must be
/// the username (an account's may add <c>-suffix</c>, for tools opening several connections), so a device cannot take
/// over another's session. A last will must be on a topic the identity may use for one.
/// </summary>
internal sealed partial class BrokerAuthentication(
    BrokerAccounts accounts,
    IDeviceCredentialSource credentials,
    VerificationCache cache,
    FailureBackoff backoff,
    BrokerSecurityMetrics metrics,
    IOptions<SecurityOptions> security,
    TimeProvider clock,
    ILogger<BrokerAuthentication> logger)
{
    public async Task<ConnectDecision> AuthenticateAsync(ConnectAttempt attempt)
    {
        if (attempt.CertifiedDeviceId is { } certified)
        {
            return AcceptCertificate(attempt, certified);
        }

        if (string.IsNullOrEmpty(attempt.Username) || attempt.Password is null)
        {
            return Refused(attempt, BrokerSecurityMetrics.BadCredentials, MqttConnectReasonCode.BadUserNameOrPassword, "a username and password are required", countsAsFailure: false);
        }

        var username = attempt.Username;
        if (backoff.BlockedUntil(username, attempt.Address) is { } until)
        {
            // MQTT 5 has a code for exactly this; 3.1.1's nearest is "server unavailable", which clients retry later.
            var reason = attempt.IsMqtt5 ? MqttConnectReasonCode.ConnectionRateExceeded : MqttConnectReasonCode.ServerUnavailable;
            return Refused(attempt, BrokerSecurityMetrics.BackedOff, reason, $"too many failed attempts: try again after {until:O}", countsAsFailure: false);
        }

        var isAccount = accounts.IsAccount(username);
        if (!isAccount && !DeviceIdRule.IsValid(username))
        {
            return Refused(attempt, BrokerSecurityMetrics.BadCredentials, MqttConnectReasonCode.BadUserNameOrPassword, "unknown username", countsAsFailure: true);
        }

        if (security.Value.IsProduction && !ClientIdFits(attempt.ClientId, username, isAccount))
        {
            return Refused(attempt, BrokerSecurityMetrics.ClientIdMismatch, MqttConnectReasonCode.ClientIdentifierNotValid,
                isAccount ? "the client id must be the username, or start with the username and '-'" : "the client id must be the device id (the username)", countsAsFailure: false);
        }

        BrokerIdentity? identity;
        if (isAccount)
        {
            metrics.SlowVerification();
            identity = accounts.Verify(username, attempt.Password);
        }
        else
        {
            identity = await VerifyDeviceAsync(username, attempt.Password);
        }

        if (identity is null)
        {
            return Refused(attempt, BrokerSecurityMetrics.BadCredentials, MqttConnectReasonCode.BadUserNameOrPassword, "bad username or password", countsAsFailure: true);
        }

        backoff.Succeeded(username);
        if (attempt.WillTopic is { } will && !TopicAcl.MayLeaveWill(identity, will))
        {
            return Refused(attempt, BrokerSecurityMetrics.WillNotAllowed, MqttConnectReasonCode.NotAuthorized, $"a last will on '{Shorten(will)}' is not allowed: a device's will goes on its own status topic", countsAsFailure: false);
        }

        metrics.ConnectionAuthenticated();
        return ConnectDecision.Accept(identity);
    }

    private async Task<BrokerIdentity?> VerifyDeviceAsync(string deviceId, byte[] password)
    {
        var active = await credentials.GetActiveAsync(deviceId);
        if (active.Length == 0)
        {
            return null;
        }

        var digest = cache.Digest(password);
        var credentialId = cache.Match(deviceId, active, digest);
        if (credentialId is not null)
        {
            metrics.CacheHit();
        }
        else
        {
            metrics.SlowVerification();
            foreach (var credential in active)
            {
                if (SecretHash.Verify(credential.Hash, password))
                {
                    cache.Remember(deviceId, credential, digest);
                    credentialId = credential.Id;
                    break;
                }
            }
        }

        if (credentialId is null)
        {
            return null;
        }

        _ = RecordUseAsync(deviceId, credentialId);
        return new BrokerIdentity(deviceId, BrokerRole.Device, credentialId);
    }

    /// <summary>Last-used is informational: the connection does not wait for it, and a failure to record it is only logged.</summary>
    private async Task RecordUseAsync(string deviceId, string credentialId)
    {
        try
        {
            await credentials.RecordUseAsync(deviceId, credentialId, clock.GetUtcNow());
        }
        catch (Exception ex)
        {
            LogRecordUseFailed(logger, ex, deviceId);
        }
    }

    private static bool ClientIdFits(string clientId, string username, bool isAccount) =>
        clientId == username || (isAccount && clientId.Length > username.Length + 1 && clientId.StartsWith(username + "-", StringComparison.Ordinal));

    /// <summary>
    /// A client certificate the device CA signed proves the device id (mutual TLS): no secret is needed, and none is
    /// checked. A username, if sent, must name the same device; the will rule holds as for a secret.
    /// </summary>
    private ConnectDecision AcceptCertificate(ConnectAttempt attempt, string deviceId)
    {
        if (!string.IsNullOrEmpty(attempt.Username) && !string.Equals(attempt.Username, deviceId, StringComparison.Ordinal))
        {
            return Refused(attempt, BrokerSecurityMetrics.BadCredentials, MqttConnectReasonCode.BadUserNameOrPassword,
                $"the username names another device than the client certificate, which proves '{deviceId}'", countsAsFailure: false);
        }

        var identity = new BrokerIdentity(deviceId, BrokerRole.Device);
        if (attempt.WillTopic is { } will && !TopicAcl.MayLeaveWill(identity, will))
        {
            return Refused(attempt, BrokerSecurityMetrics.WillNotAllowed, MqttConnectReasonCode.NotAuthorized, $"a last will on '{Shorten(will)}' is not allowed: a device's will goes on its own status topic", countsAsFailure: false);
        }

        metrics.ConnectionAuthenticated();
        return ConnectDecision.Accept(identity);
    }

    private ConnectDecision Refused(ConnectAttempt attempt, string counted, MqttConnectReasonCode reason, string message, bool countsAsFailure)
    {
        if (countsAsFailure)
        {
            backoff.Failed(attempt.Username!, attempt.Address);
        }

        metrics.ConnectionRefused(counted);
        LogRefused(logger, attempt.ClientId, Shorten(attempt.Username ?? ""), attempt.Address?.ToString(), counted, message);
        return ConnectDecision.Refuse(reason, message);
    }

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..80] + "...";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Broker refused client {ClientId} (username '{Username}', from {Address}): {Reason}, {Detail}")]
    private static partial void LogRefused(ILogger logger, string clientId, string username, string? address, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not record the use of a credential of {DeviceId}")]
    private static partial void LogRecordUseFailed(ILogger logger, Exception exception, string deviceId);
}
