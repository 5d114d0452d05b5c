namespace DigitalTwin.Grains.Payloads;

/// <summary>Bounds on the fields of one payload or API write; they keep a hostile device from bloating a twin.</summary>
public static class FieldLimits
{
    public const int MaxFields = 256;

    public const int MaxNameLength = 64;

    public const int MaxTextLength = 1024;

    /// <summary>Nesting allowed in a payload: the envelope object, its <c>data</c> object and nothing deeper.</summary>
    public const int MaxJsonDepth = 4;
}
