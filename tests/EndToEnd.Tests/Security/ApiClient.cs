namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>The API keys the security tests configure, one per role, and the settings that configure them.</summary>
internal static class ApiClient
{
    public const string ViewerKey = "viewer-key-0123456789abcdef-0123456789";
    public const string OperatorKey = "operator-key-0123456789abcdef-012345678";
    public const string AdminKey = "admin-key-0123456789abcdef-0123456789ab";

    public static Dictionary<string, string> KeySettings() => new()
    {
        ["Api:Auth:ApiKeys:0:Name"] = "viewer-bot",
        ["Api:Auth:ApiKeys:0:Key"] = ViewerKey,
        ["Api:Auth:ApiKeys:0:Role"] = "viewer",
        ["Api:Auth:ApiKeys:1:Name"] = "operator-bot",

        // The operator's key is configured only by its SHA-256, as production configuration should hold it.
        ["Api:Auth:ApiKeys:1:KeyHash"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(OperatorKey))),
        ["Api:Auth:ApiKeys:1:Role"] = "operator",
        ["Api:Auth:ApiKeys:2:Name"] = "admin-bot",
        ["Api:Auth:ApiKeys:2:Key"] = AdminKey,
        ["Api:Auth:ApiKeys:2:Role"] = "admin",
    };

    public static (string Name, string Value)[] Key(string key) => [("X-Api-Key", key)];
}
