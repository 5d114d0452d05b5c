namespace DigitalTwin.Api.Security;

/// <summary>
/// The holder of an API key: its configured name and role, and a fingerprint of the key itself (a hash of its hash),
/// so that what was opened with one key is not carried on by another of the same name after a rotation.
/// </summary>
internal sealed record ApiKeyIdentity(string Name, ApiRole Role, string Fingerprint);
