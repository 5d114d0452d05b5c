using System.Collections.Concurrent;
using System.Security.Cryptography;
using DigitalTwin.Grains.Interfaces.Credentials;

namespace DigitalTwin.MqttBridge.Security;

/// <summary>
/// The device secrets this silo verified recently, so a device reconnecting (a storm after an outage) costs an HMAC
/// instead of a slow hash. What is kept is a keyed digest of the secret (HMAC-SHA256 under a key made at start and
/// never stored), not the secret. A remembered verification is used only when the credential it matched is still
/// among the device's active ones with the same hash, as the credentials grain says on this very connection: a revoked
/// or re-issued credential is never accepted from here, on any silo. Bounded: past <c>capacity</c> entries an
/// arbitrary one makes room.
/// </summary>
internal sealed class VerificationCache(int capacity)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public byte[] Digest(ReadOnlySpan<byte> secret) => HMACSHA256.HashData(_key, secret);

    /// <summary>The active credential the device verified with before, when <paramref name="digest"/> is that secret's.</summary>
    public string? Match(string deviceId, IReadOnlyList<CredentialHash> active, byte[] digest)
    {
        if (!_entries.TryGetValue(deviceId, out var entry) || !CryptographicOperations.FixedTimeEquals(entry.Digest, digest))
        {
            return null;
        }

        foreach (var credential in active)
        {
            if (credential.Id == entry.CredentialId && credential.Hash == entry.Hash)
            {
                return credential.Id;
            }
        }

        return null;
    }

    public void Remember(string deviceId, CredentialHash credential, byte[] digest)
    {
        var entry = new Entry(credential.Id, credential.Hash, digest);
        if (_entries.TryGetValue(deviceId, out _))
        {
            _entries[deviceId] = entry;
            return;
        }

        if (Count >= capacity)
        {
            foreach (var victim in _entries.Keys)
            {
                if (_entries.TryRemove(victim, out _))
                {
                    Interlocked.Decrement(ref _count);
                    break;
                }
            }
        }

        if (_entries.TryAdd(deviceId, entry))
        {
            Interlocked.Increment(ref _count);
        }
        else
        {
            _entries[deviceId] = entry;
        }
    }

    public void Forget(string deviceId)
    {
        if (_entries.TryRemove(deviceId, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    private sealed record Entry(string CredentialId, string Hash, byte[] Digest);
}
