using System.Text.Json;

namespace DigitalTwin.DeviceSimulator.Control;

/// <summary>
/// The actions and parameter schemas of the built-in device types, read from the platform's own
/// BuiltInDeviceTypes.json (embedded in this assembly at build time) so the simulated devices check commands
/// exactly as the platform declares them, without referencing the Grains assembly.
/// </summary>
public sealed class ActionCatalog
{
    private const string ResourceName = "DigitalTwin.DeviceSimulator.BuiltInDeviceTypes.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private readonly Dictionary<string, Dictionary<string, ActionSpec>> _types;

    private ActionCatalog(Dictionary<string, Dictionary<string, ActionSpec>> types) => _types = types;

    public static ActionCatalog BuiltIn { get; } = Load();

    public IEnumerable<string> Types => _types.Keys;

    public IReadOnlyDictionary<string, ActionSpec> ActionsOf(string type) =>
        _types.TryGetValue(type, out var actions) ? actions : new Dictionary<string, ActionSpec>();

    /// <summary>
    /// Null when <paramref name="parameters"/> (an object, or undefined when the command had none) suit the action;
    /// else the reason the device refuses the command.
    /// </summary>
    public string? Check(string type, string action, JsonElement parameters)
    {
        if (!ActionsOf(type).TryGetValue(action, out var spec))
        {
            return $"unknown action '{action}' for {type}";
        }

        if (parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            return "parameters must be an object";
        }

        var given = parameters.ValueKind == JsonValueKind.Object ? parameters.EnumerateObject().ToList() : [];
        foreach (var parameter in given)
        {
            if (!spec.Parameters.TryGetValue(parameter.Name, out var parameterSpec))
            {
                return $"unknown parameter '{parameter.Name}' for {action}";
            }

            if (parameterSpec.Check(parameter.Name, parameter.Value) is { } problem)
            {
                return problem;
            }
        }

        var missing = spec.Parameters.FirstOrDefault(p => p.Value.Required && given.All(g => g.Name != p.Key));
        return missing.Key is null ? null : $"parameter '{missing.Key}' is required";
    }

    private static ActionCatalog Load()
    {
        using var stream = typeof(ActionCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource {ResourceName} is missing from the simulator assembly");
        var document = JsonSerializer.Deserialize<Dictionary<string, TypeDocument>>(stream, Json)
            ?? throw new InvalidOperationException($"{ResourceName} is empty");
        return new ActionCatalog(document.ToDictionary(
            t => t.Key,
            t => t.Value.Actions.ToDictionary(
                a => a.Key,
                a => new ActionSpec(a.Value.Description ?? "", (a.Value.Parameters ?? []).ToDictionary(
                    p => p.Key,
                    p => new ParameterSpec(p.Value.Type, p.Value.Required, p.Value.Minimum, p.Value.Maximum, p.Value.Values, p.Value.MaxLength))))));
    }

    // The file's shape, only for reading it.
    private sealed record TypeDocument(string? Description, Dictionary<string, ActionDocument> Actions);

    private sealed record ActionDocument(string? Description, Dictionary<string, ParameterDocument>? Parameters);

    private sealed record ParameterDocument(string Type, bool Required, double? Minimum, double? Maximum, List<string>? Values, int? MaxLength);
}
