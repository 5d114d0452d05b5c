using System.Net;
using DigitalTwin.Grains.Credentials;
using Microsoft.Extensions.Options;
using DeviceIdRule = DigitalTwin.Grains.Twins.DeviceId;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>Stops the silo at start-up when an <c>Mqtt:Auth:*</c> setting is invalid, naming the key (never a secret).</summary>
internal sealed class BrokerAuthOptionsValidator : IValidateOptions<BrokerAuthOptions>
{
    private const string Section = BrokerAuthOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, BrokerAuthOptions options)
    {
        var failures = new List<string>();
        if (options.VerificationCacheSize is < 1 or > 10_000_000)
        {
            failures.Add($"{Section}:{nameof(options.VerificationCacheSize)} must be between 1 and 10000000, got {options.VerificationCacheSize}.");
        }

        if (options.FailureBackoff < TimeSpan.FromMilliseconds(100) || options.FailureBackoff > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Section}:{nameof(options.FailureBackoff)} must be between 00:00:00.1 and 00:01:00.");
        }

        if (options.MaxFailureBackoff < options.FailureBackoff || options.MaxFailureBackoff > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:{nameof(options.MaxFailureBackoff)} must be between {Section}:{nameof(options.FailureBackoff)} and 01:00:00.");
        }

        if (options.AddressFailureThreshold is < 1 or > 100_000)
        {
            failures.Add($"{Section}:{nameof(options.AddressFailureThreshold)} must be between 1 and 100000, got {options.AddressFailureThreshold}.");
        }

        if (options.SessionRecheckInterval < TimeSpan.FromSeconds(1) || options.SessionRecheckInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{Section}:{nameof(options.SessionRecheckInterval)} must be between 00:00:01 and 01:00:00.");
        }

        var usernames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            ValidateAccount(failures, $"{Section}:Accounts:{i}", options.Accounts[i], usernames);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateAccount(List<string> failures, string key, BrokerAccountOptions account, HashSet<string> usernames)
    {
        if (string.IsNullOrWhiteSpace(account.Username) || account.Username.StartsWith('$') || account.Username.Length > 128)
        {
            failures.Add($"{key}:Username must be 1-128 characters and not start with '$'.");
        }
        else if (!usernames.Add(account.Username))
        {
            failures.Add($"{key}:Username '{account.Username}' is configured twice.");
        }

        if (!SecretHash.IsWellFormed(account.SecretHash))
        {
            failures.Add($"{key}:SecretHash must be a hash printed by 'dotnet run --project src/Silo -- hash-secret' ({SecretHash.Scheme}$...).");
        }

        var isProbe = string.Equals(account.Role, BrokerAccounts.ProbeRole, StringComparison.OrdinalIgnoreCase);
        if (!isProbe && !string.Equals(account.Role, BrokerAccounts.PlatformRole, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"{key}:Role must be '{BrokerAccounts.PlatformRole}' or '{BrokerAccounts.ProbeRole}', not '{account.Role}'.");
            return;
        }

        if (!isProbe)
        {
            if (account.DeviceIds.Length > 0 || account.Subnets.Length > 0)
            {
                failures.Add($"{key}: DeviceIds and Subnets apply to a '{BrokerAccounts.ProbeRole}' account only.");
            }

            return;
        }

        if (account.DeviceIds.Length == 0 && account.Subnets.Length == 0)
        {
            failures.Add($"{key}: a '{BrokerAccounts.ProbeRole}' account needs DeviceIds or Subnets (what it may publish network windows for).");
        }

        for (var i = 0; i < account.DeviceIds.Length; i++)
        {
            if (!DeviceIdRule.IsValid(account.DeviceIds[i]))
            {
                failures.Add($"{key}:DeviceIds:{i} must be a device id ({DeviceIdRule.Rule}).");
            }
        }

        for (var i = 0; i < account.Subnets.Length; i++)
        {
            if (!IPNetwork.TryParse(account.Subnets[i], out _))
            {
                failures.Add($"{key}:Subnets:{i} must be a subnet in CIDR notation (10.0.0.0/24, fd00::/64), got '{account.Subnets[i]}'.");
            }
        }
    }
}
