namespace DigitalTwin.Api.Twins;

/// <summary>
/// A twin's desired and reported state side by side, with the delta the device has still to take.
/// <paramref name="Version"/> is the twin's version; <paramref name="DesiredVersion"/> counts desired writes
/// and is the <c>version</c> of the document sent on <c>device/{id}/desired</c>.
/// </summary>
internal sealed record TwinDesiredResponse(
    string TwinId,
    long Version,
    long DesiredVersion,
    IReadOnlyDictionary<string, object?> Desired,
    IReadOnlyDictionary<string, object?> Reported,
    IReadOnlyDictionary<string, object?> Delta,
    TwinFieldMetadata Metadata);
