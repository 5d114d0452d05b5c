using Microsoft.Extensions.Options;

namespace DigitalTwin.Silo.Observability;

internal sealed class ObservabilityOptionsValidator : IValidateOptions<ObservabilityOptions>
{
    public ValidateOptionsResult Validate(string? name, ObservabilityOptions options)
    {
        var failures = new List<string>();
        if (options.OtlpEndpoint.Length > 0 && options.OtlpTarget is null)
        {
            failures.Add($"{ObservabilityOptions.SectionName}:{nameof(options.OtlpEndpoint)} must be an absolute http:// or https:// address or empty, got '{options.OtlpEndpoint}'.");
        }

        if (options.ReadinessDrain < TimeSpan.Zero || options.ReadinessDrain > ObservabilityOptions.MaxReadinessDrain)
        {
            failures.Add($"{ObservabilityOptions.SectionName}:{nameof(options.ReadinessDrain)} must be between 00:00:00 and {ObservabilityOptions.MaxReadinessDrain:c}, got {options.ReadinessDrain:c}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
