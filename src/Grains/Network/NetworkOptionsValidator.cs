using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Network;

/// <summary>Stops the silo at start-up when a <c>Network:*</c> setting is out of range, naming the key.</summary>
internal sealed class NetworkOptionsValidator : IValidateOptions<NetworkOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkOptions options)
    {
        var failures = new List<string>();
        if (options.RecentWindows is < 1 or > 100_000)
        {
            failures.Add($"{NetworkOptions.SectionName}:{nameof(options.RecentWindows)} must be between 1 and 100000.");
        }

        if (options.MaxExportHours is < 1 or > 24 * 3650)
        {
            failures.Add($"{NetworkOptions.SectionName}:{nameof(options.MaxExportHours)} must be between 1 and 87600.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
