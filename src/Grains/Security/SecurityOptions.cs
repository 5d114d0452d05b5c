namespace DigitalTwin.Grains.Security;

/// <summary>
/// How much the silo trusts its network. Bound from the <c>Security</c> section, never inferred from the hosting
/// environment: <c>development</c> (the default of the one-command start) leaves the broker and the API open and says so
/// loudly at start-up; <c>production</c> refuses to start until every <see cref="ISecurityRequirement"/> is met.
/// </summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    public const string Development = "development";

    public const string Production = "production";

    /// <summary><c>development</c> or <c>production</c> (any case).</summary>
    public string Mode { get; set; } = Development;

    /// <summary>
    /// Lets production serve the API over plain HTTP, for a silo behind a proxy or ingress that terminates TLS (the
    /// usual Kubernetes set-up). Logged at start-up; without it production needs every API address to be https.
    /// </summary>
    public bool AllowPlainHttp { get; set; }

    public bool IsProduction => string.Equals(Mode, Production, StringComparison.OrdinalIgnoreCase);
}
