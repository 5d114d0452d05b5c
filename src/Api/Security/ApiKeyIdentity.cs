namespace DigitalTwin.Api.Security;

/// <summary>The holder of an API key: its configured name and role.</summary>
internal sealed record ApiKeyIdentity(string Name, ApiRole Role);
