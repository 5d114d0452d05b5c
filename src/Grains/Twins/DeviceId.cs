using DigitalTwin.Behaviour.Wire;

namespace DigitalTwin.Grains.Twins;

/// <summary>What a device id is: lowercase <c>[a-z0-9][a-z0-9._-]{0,63}</c>, as <see cref="DeviceNames"/> defines it for every component.</summary>
public static class DeviceId
{
    public const int MaxLength = DeviceNames.MaxLength;

    public const string Pattern = DeviceNames.IdPattern;

    /// <summary>The rule as error messages state it.</summary>
    public const string Rule = DeviceNames.IdRule;

    public static bool IsValid(ReadOnlySpan<char> id) => DeviceNames.IsValidId(id);
}
