using System.Globalization;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Grains.Interfaces.Values;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Commands;

/// <summary>
/// The actions each device type declares (<see cref="CommandOptions.DeviceTypes"/>), and the check of a
/// command against them: the twin refuses an undeclared action or parameters outside the schema before
/// anything reaches the device.
/// </summary>
public sealed class CommandCatalog(IOptions<CommandOptions> options)
{
    private readonly Dictionary<string, DeviceTypeDeclaration> _types = options.Value.DeviceTypes;

    public IReadOnlyDictionary<string, DeviceTypeDeclaration> DeviceTypes => _types;

    /// <summary>Null when the command suits the device type; otherwise the status and a message for the caller.</summary>
    public (CommandResultStatus Status, string Message)? Check(string deviceType, string action, IReadOnlyDictionary<string, FieldValue> parameters)
    {
        if (!_types.TryGetValue(deviceType, out var type) || type.Actions.Count == 0)
        {
            return (CommandResultStatus.UnknownAction, $"device type '{deviceType}' declares no actions (declare them under {CommandOptions.SectionName}:DeviceTypes:{deviceType})");
        }

        if (!type.Actions.TryGetValue(action, out var declared))
        {
            return (CommandResultStatus.UnknownAction, $"device type '{deviceType}' has no action '{action}'; its actions are: {string.Join(", ", type.Actions.Keys.Order(StringComparer.Ordinal))}");
        }

        foreach (var (name, value) in parameters)
        {
            if (!declared.Parameters.TryGetValue(name, out var parameter))
            {
                var known = declared.Parameters.Count == 0 ? "it takes none" : "it takes: " + string.Join(", ", declared.Parameters.Keys.Order(StringComparer.Ordinal));
                return (CommandResultStatus.InvalidParameters, $"action '{action}' has no parameter '{name}'; {known}");
            }

            var problem = CheckValue(parameter, value);
            if (problem is not null)
            {
                return (CommandResultStatus.InvalidParameters, $"parameter '{name}' of action '{action}' {problem}");
            }
        }

        foreach (var (name, parameter) in declared.Parameters)
        {
            if (parameter.Required && !parameters.ContainsKey(name))
            {
                return (CommandResultStatus.InvalidParameters, $"action '{action}' requires parameter '{name}' ({parameter.Type})");
            }
        }

        return null;
    }

    private static string? CheckValue(ParameterDeclaration parameter, FieldValue value)
    {
        switch (parameter.Type)
        {
            case ParameterTypes.Boolean:
                return value.Kind == FieldValueKind.Boolean ? null : "must be a boolean";
            case ParameterTypes.String:
                if (value.Kind != FieldValueKind.Text)
                {
                    return "must be a string";
                }

                if (parameter.MaxLength is { } max && value.Text!.Length > max)
                {
                    return $"must be at most {max} characters";
                }

                return parameter.Values is { Length: > 0 } allowed && !allowed.Contains(value.Text, StringComparer.Ordinal)
                    ? $"must be one of: {string.Join(", ", allowed)}"
                    : null;
            default:
                if (value.Kind != FieldValueKind.Number)
                {
                    return $"must be {(parameter.Type == ParameterTypes.Integer ? "an integer" : "a number")}";
                }

                if (parameter.Type == ParameterTypes.Integer && value.Number != Math.Floor(value.Number))
                {
                    return "must be an integer";
                }

                if (value.Number < parameter.Minimum || value.Number > parameter.Maximum)
                {
                    return $"must be between {Format(parameter.Minimum)} and {Format(parameter.Maximum)}";
                }

                return null;
        }
    }

    private static string Format(double? bound) => bound?.ToString(CultureInfo.InvariantCulture) ?? "any";
}
