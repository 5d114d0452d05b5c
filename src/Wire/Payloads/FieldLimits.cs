namespace DigitalTwin.Wire.Payloads;

/// <summary>Bounds on the fields of one payload or API write; they keep a hostile device from bloating a twin.</summary>
public static class FieldLimits
{
    public const int MaxFields = 256;

    /// <summary>The rule for field names and device types, as error messages state it.</summary>
    public const string NameRule = "1-64 characters [A-Za-z0-9_.-], starting with a letter or '_'";

    public const int MaxNameLength = 64;

    public const int MaxTextLength = 1024;

    /// <summary>Nesting allowed in a payload: the envelope object, its <c>data</c> object and nothing deeper.</summary>
    public const int MaxJsonDepth = 4;
}
