using DigitalTwin.Grains.Interfaces.Credentials;
using DigitalTwin.Grains.Twins;
using Microsoft.Extensions.Logging;

namespace DigitalTwin.Grains.Credentials;

/// <summary>
/// One device's credentials, in the twins' grain storage under a state name of their own (PostgreSQL in PostgreSQL
/// mode, silo memory otherwise). Every change is written before it is answered: a revocation the API confirmed holds
/// after any crash. The grain is the one truth the brokers of every silo verify against.
/// </summary>
internal sealed partial class DeviceCredentialsGrain(
    [PersistentState(TwinStorage.DeviceCredentialsStateName, TwinStorage.ProviderName)] IPersistentState<DeviceCredentialsState> state,
    TimeProvider clock,
    ILogger<DeviceCredentialsGrain> logger) : Grain, IDeviceCredentialsGrain
{
    private DeviceCredentials Credentials => new(state.State);

    private string DeviceId => this.GetPrimaryKeyString();

    public async Task<CredentialIssueResult> IssueAsync()
    {
        var result = Credentials.Issue(clock.GetUtcNow());
        if (result.Status == CredentialIssueStatus.Issued)
        {
            await state.WriteStateAsync();
            LogIssued(logger, DeviceId, result.Credential!.Id);
        }

        return result;
    }

    public Task<DeviceCredentialView[]> ListAsync() => Task.FromResult(Credentials.List());

    public async Task<bool> RevokeAsync(string credentialId)
    {
        if (!Credentials.Revoke(credentialId))
        {
            return false;
        }

        await state.WriteStateAsync();
        LogRevoked(logger, DeviceId, credentialId);
        return true;
    }

    public async Task<int> RevokeAllAsync()
    {
        var count = Credentials.RevokeAll();
        if (count > 0)
        {
            await state.WriteStateAsync();
            LogRevokedAll(logger, DeviceId, count);
        }

        return count;
    }

    public Task<CredentialHash[]> GetHashesAsync() => Task.FromResult(Credentials.Hashes());

    public async Task RecordUseAsync(string credentialId, DateTimeOffset at)
    {
        if (Credentials.RecordUse(credentialId, at))
        {
            await state.WriteStateAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId}: credential {CredentialId} issued")]
    private static partial void LogIssued(ILogger logger, string deviceId, string credentialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId}: credential {CredentialId} revoked")]
    private static partial void LogRevoked(ILogger logger, string deviceId, string credentialId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device {DeviceId}: all {Count} credential(s) revoked")]
    private static partial void LogRevokedAll(ILogger logger, string deviceId, int count);
}
