namespace DigitalTwin.Grains.Interfaces.Twins;

/// <summary>
/// What a conditional request expects of the twin's version (RFC 9110 If-Match and If-None-Match), checked
/// by the twin in the same turn as the write, so no other write can slip in between check and change.
/// Empty <see cref="IfMatch"/> without <see cref="IfMatchAny"/> means no If-Match condition; the same for
/// If-None-Match.
/// </summary>
[GenerateSerializer, Immutable, Alias("dtn.TwinPrecondition")]
public sealed record TwinPrecondition
{
    /// <summary>If-Match: the twin must exist and be at one of these versions.</summary>
    [Id(0)] public long[] IfMatch { get; init; } = [];

    /// <summary>If-Match <c>*</c>: the twin must exist, at any version.</summary>
    [Id(1)] public bool IfMatchAny { get; init; }

    /// <summary>If-None-Match: the twin must not be at any of these versions (a missing twin is at none).</summary>
    [Id(2)] public long[] IfNoneMatch { get; init; } = [];

    /// <summary>If-None-Match <c>*</c>: the twin must not exist.</summary>
    [Id(3)] public bool IfNoneMatchAny { get; init; }
}
