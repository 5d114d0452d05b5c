namespace DigitalTwin.Fleet;

/// <summary>One type of a gcdump: the bytes of its objects (each object alone, not what it references) and their count.</summary>
public sealed record GcDumpType(string Name, long Bytes, long Count);
