using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Wire.Outbound;

/// <summary>
/// The desired document of a twin, published retained on <c>device/{id}/desired</c>: every desired
/// field, the delta the device still has to take, and the desired version. <see cref="Cleared"/> removes
/// the retained document (the twin was deleted).
/// </summary>
public sealed record DesiredUpdate(
    string TwinId,
    long Version,
    IReadOnlyDictionary<string, FieldValue> Desired,
    IReadOnlyDictionary<string, FieldValue> Delta,
    DateTimeOffset Timestamp,
    bool Cleared = false);
