using System.Text.Json;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Commands;

/// <summary>
/// Adds the device types the platform knows out of the box (<c>BuiltInDeviceTypes.json</c>, the types the
/// fleet simulator runs) to <see cref="CommandOptions.DeviceTypes"/>, unless configuration declares a type
/// of the same name, which then wins whole.
/// </summary>
internal sealed class BuiltInDeviceTypes : IPostConfigureOptions<CommandOptions>
{
    private static readonly Lazy<Dictionary<string, DeviceTypeDeclaration>> Declarations = new(Load);

    public void PostConfigure(string? name, CommandOptions options)
    {
        foreach (var (type, declaration) in Declarations.Value)
        {
            options.DeviceTypes.TryAdd(type, declaration);
        }
    }

    private static Dictionary<string, DeviceTypeDeclaration> Load()
    {
        using var stream = typeof(BuiltInDeviceTypes).Assembly.GetManifestResourceStream("Commands.BuiltInDeviceTypes.json")
            ?? throw new InvalidOperationException("the built-in device types resource is missing from the assembly");
        return JsonSerializer.Deserialize<Dictionary<string, DeviceTypeDeclaration>>(stream)
            ?? throw new InvalidOperationException("the built-in device types resource is empty");
    }
}
