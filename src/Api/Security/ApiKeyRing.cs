using System.Security.Cryptography;
using System.Text;

namespace DigitalTwin.Api.Security;

/// <summary>
/// The configured API keys (and the deprecated tokens, as admin keys), held only as SHA-256 hashes. A presented key
/// is hashed and compared with every entry in constant time, so neither its content nor which entry it is near
/// shows in the time the answer takes.
/// </summary>
internal sealed class ApiKeyRing
{
    private readonly Entry[] _entries;

    public ApiKeyRing(ApiAuthOptions options)
    {
        var entries = new List<Entry>();
        foreach (var key in options.ApiKeys)
        {
            var hash = key.KeyHash is { Length: > 0 } hex ? Convert.FromHexString(hex) : SHA256.HashData(Encoding.UTF8.GetBytes(key.Key ?? ""));
            entries.Add(new Entry(new ApiKeyIdentity(key.Name, ApiRoles.Parse(key.Role) ?? throw new InvalidOperationException($"API key {key.Name} has no valid role")), hash));
        }

        for (var i = 0; i < options.Tokens.Length; i++)
        {
            entries.Add(new Entry(new ApiKeyIdentity($"token-{i}", ApiRole.Admin), SHA256.HashData(Encoding.UTF8.GetBytes(options.Tokens[i]))));
        }

        _entries = [.. entries];
    }

    /// <summary>Who holds <paramref name="presented"/>; null when no configured key matches.</summary>
    public ApiKeyIdentity? Find(string presented)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), hash);
        ApiKeyIdentity? found = null;
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, entry.Hash))
            {
                found ??= entry.Identity;
            }
        }

        return found;
    }

    /// <summary>True when a configured key named <paramref name="name"/> grants <paramref name="role"/> or a role above it.</summary>
    public bool Grants(string name, ApiRole role) =>
        _entries.Any(e => string.Equals(e.Identity.Name, name, StringComparison.Ordinal) && e.Identity.Role >= role);

    private sealed record Entry(ApiKeyIdentity Identity, byte[] Hash);
}
