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
            entries.Add(new Entry(new ApiKeyIdentity(key.Name, ApiRoles.Parse(key.Role) ?? throw new InvalidOperationException($"API key {key.Name} has no valid role"), FingerprintOf(hash)), hash));
        }

        for (var i = 0; i < options.Tokens.Length; i++)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(options.Tokens[i]));
            entries.Add(new Entry(new ApiKeyIdentity($"token-{i}", ApiRole.Admin, FingerprintOf(hash)), hash));
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

    /// <summary>
    /// True when the key of <paramref name="fingerprint"/> is still configured under <paramref name="name"/> and
    /// grants <paramref name="role"/> or a role above it: false once that key was removed, replaced by another of the
    /// same name (a rotation), or lowered.
    /// </summary>
    public bool Grants(string name, string fingerprint, ApiRole role) =>
        _entries.Any(e => string.Equals(e.Identity.Name, name, StringComparison.Ordinal)
            && string.Equals(e.Identity.Fingerprint, fingerprint, StringComparison.Ordinal)
            && e.Identity.Role >= role);

    /// <summary>Half of the SHA-256 of the key's SHA-256: names the key without revealing anything that opens it.</summary>
    private static string FingerprintOf(byte[] hash) => Convert.ToHexString(SHA256.HashData(hash).AsSpan(0, 16));

    private sealed record Entry(ApiKeyIdentity Identity, byte[] Hash);
}
