namespace DigitalTwin.Grains.Commands;

/// <summary>The parameter types an action may declare.</summary>
internal static class ParameterTypes
{
    public const string Number = "number";
    public const string Integer = "integer";
    public const string Boolean = "boolean";
    public const string String = "string";

    public static readonly IReadOnlyList<string> All = [Number, Integer, Boolean, String];
}
