using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Audit;

internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var failures = new List<string>();
        if (options.MemoryCapacity is < 100 or > 1_000_000)
        {
            failures.Add($"{AuditOptions.SectionName}:MemoryCapacity must be between 100 and 1000000, got {options.MemoryCapacity}.");
        }

        if (options.QueueCapacity is < 100 or > 1_000_000)
        {
            failures.Add($"{AuditOptions.SectionName}:QueueCapacity must be between 100 and 1000000, got {options.QueueCapacity}.");
        }

        if (options.Retention < TimeSpan.FromDays(1))
        {
            failures.Add($"{AuditOptions.SectionName}:Retention must be at least one day, got {options.Retention}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
