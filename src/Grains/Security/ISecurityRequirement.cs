namespace DigitalTwin.Grains.Security;

/// <summary>
/// One thing production mode needs configured (device authentication, TLS, API authentication...). Each part of the
/// platform registers its own, so the start-up check names every gap at once instead of the first one found.
/// </summary>
public interface ISecurityRequirement
{
    /// <summary>What is not configured, each as one sentence naming the setting that closes it; empty when met.</summary>
    IEnumerable<string> FindGaps();
}
