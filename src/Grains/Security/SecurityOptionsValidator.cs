using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Security;

/// <summary>
/// Stops the silo at start-up on an unknown <c>Security:Mode</c>, and in production on any gap a registered
/// <see cref="ISecurityRequirement"/> reports, listing them all.
/// </summary>
internal sealed class SecurityOptionsValidator(IEnumerable<ISecurityRequirement> requirements) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        if (!string.Equals(options.Mode, SecurityOptions.Development, StringComparison.OrdinalIgnoreCase) && !options.IsProduction)
        {
            return ValidateOptionsResult.Fail($"{SecurityOptions.SectionName}:Mode must be '{SecurityOptions.Development}' or '{SecurityOptions.Production}', not '{options.Mode}'.");
        }

        if (!options.IsProduction)
        {
            return ValidateOptionsResult.Success;
        }

        var gaps = requirements.SelectMany(requirement => requirement.FindGaps()).ToList();
        return gaps.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(gaps.Select(gap => $"{SecurityOptions.SectionName}:Mode is '{SecurityOptions.Production}', but {gap}"));
    }
}
