using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.Twins;

/// <summary>
/// Whether a twin's existence and version satisfy a <see cref="TwinPrecondition"/>, with RFC 9110's
/// meaning of If-Match and If-None-Match (versions compare exactly, like strong entity tags). The twin
/// checks writes with it inside the grain turn; the API checks reads with the same rules.
/// </summary>
public static class PreconditionRules
{
    /// <summary>Whether the precondition holds in full: If-Match first, then If-None-Match.</summary>
    public static bool Holds(TwinPrecondition? precondition, bool exists, long version) =>
        IfMatchHolds(precondition, exists, version) && IfNoneMatchHolds(precondition, exists, version);

    /// <summary>If-Match: holds when absent; <c>*</c> needs the twin to exist, versions need it to be at one of them.</summary>
    public static bool IfMatchHolds(TwinPrecondition? precondition, bool exists, long version) => precondition switch
    {
        null => true,
        { IfMatchAny: true } => exists,
        { IfMatch.Length: 0 } => true,
        _ => exists && precondition.IfMatch.Contains(version),
    };

    /// <summary>If-None-Match: holds when absent; <c>*</c> needs the twin to be missing, versions need it not to be at any of them.</summary>
    public static bool IfNoneMatchHolds(TwinPrecondition? precondition, bool exists, long version) => precondition switch
    {
        null => true,
        { IfNoneMatchAny: true } => !exists,
        _ => !exists || !precondition.IfNoneMatch.Contains(version),
    };

    /// <summary>Why the precondition does not hold, naming the twin's current version for the client to re-read.</summary>
    public static string Explain(string id, TwinPrecondition? precondition, bool exists, long version)
    {
        if (!IfMatchHolds(precondition, exists, version))
        {
            return exists
                ? $"Twin with ID {id} is at version {version} (ETag \"{version}\"), which If-Match does not name; read it again and retry"
                : $"Twin with ID {id} does not exist, and If-Match requires that it does";
        }

        return precondition is { IfNoneMatchAny: true }
            ? $"Twin with ID {id} already exists at version {version} (ETag \"{version}\"), and If-None-Match: * requires that it does not"
            : $"Twin with ID {id} is at version {version} (ETag \"{version}\"), which If-None-Match excludes";
    }
}
