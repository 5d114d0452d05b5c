using DigitalTwin.Wire.Payloads;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Commands;

/// <summary>Refuses command settings and device type declarations that could not work, naming the key.</summary>
internal sealed class CommandOptionsValidator : IValidateOptions<CommandOptions>
{
    public ValidateOptionsResult Validate(string? name, CommandOptions options)
    {
        var failures = new List<string>();
        const string Section = CommandOptions.SectionName;
        if (options.DefaultTimeout <= TimeSpan.Zero || options.DefaultTimeout > options.MaxTimeout)
        {
            failures.Add($"{Section}:DefaultTimeout must be positive and at most {Section}:MaxTimeout");
        }

        if (options.DefaultTimeToLive <= TimeSpan.Zero || options.DefaultTimeToLive > options.MaxTimeToLive)
        {
            failures.Add($"{Section}:DefaultTimeToLive must be positive and at most {Section}:MaxTimeToLive");
        }

        if (options.MaxPendingPerTwin is < 1 or > 10_000)
        {
            failures.Add($"{Section}:MaxPendingPerTwin must be between 1 and 10000");
        }

        if (options.HistoryPerTwin is < 1 or > 10_000)
        {
            failures.Add($"{Section}:HistoryPerTwin must be between 1 and 10000");
        }

        if (options.MaxResultBytes is < 2 or > 1024 * 1024)
        {
            failures.Add($"{Section}:MaxResultBytes must be between 2 and 1048576");
        }

        if (options.MaxJobTwins is < 1 or > 1_000_000)
        {
            failures.Add($"{Section}:MaxJobTwins must be between 1 and 1000000");
        }

        foreach (var (type, declaration) in options.DeviceTypes)
        {
            foreach (var (action, actionDeclaration) in declaration.Actions)
            {
                var key = $"{Section}:DeviceTypes:{type}:Actions:{action}";
                if (!FieldSetReader.IsValidName(action))
                {
                    failures.Add($"{key}: '{action}' is not a valid action name ({FieldLimits.NameRule})");
                }

                foreach (var (parameter, declared) in actionDeclaration.Parameters)
                {
                    ValidateParameter($"{key}:Parameters:{parameter}", parameter, declared, failures);
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateParameter(string key, string name, ParameterDeclaration declared, List<string> failures)
    {
        if (!FieldSetReader.IsValidName(name))
        {
            failures.Add($"{key}: '{name}' is not a valid parameter name ({FieldLimits.NameRule})");
        }

        if (!ParameterTypes.All.Contains(declared.Type))
        {
            failures.Add($"{key}:Type must be one of {string.Join(", ", ParameterTypes.All)}, not '{declared.Type}'");
        }

        if (declared.Minimum > declared.Maximum)
        {
            failures.Add($"{key}: Minimum is above Maximum");
        }

        if (declared.MaxLength is < 1)
        {
            failures.Add($"{key}:MaxLength must be at least 1");
        }
    }
}
