using DigitalTwin.Grains.Interfaces.Values;

namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>
/// A JSON Merge Patch (RFC 7396) of a twin's desired fields: <paramref name="Set"/> adds or replaces
/// fields, <paramref name="Remove"/> names the fields the patch set to <c>null</c>. Field values are
/// scalars, so the patch applies at the top level of the desired document only.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.DesiredPatch")]
public sealed record DesiredPatch(
    [property: Id(0)] NamedValue[] Set,
    [property: Id(1)] string[] Remove);
