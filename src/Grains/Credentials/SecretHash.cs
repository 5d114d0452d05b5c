using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DigitalTwin.Grains.Credentials;

/// <summary>
/// Salted slow hashes of secrets: PBKDF2 with HMAC-SHA256, a 16-byte random salt and a 32-byte result, written as
/// <c>pbkdf2-sha256$&lt;iterations&gt;$&lt;salt, base64&gt;$&lt;hash, base64&gt;</c>. The iteration count travels with each hash,
/// so raising <see cref="Iterations"/> later leaves the hashes already stored verifiable.
/// </summary>
public static class SecretHash
{
    /// <summary>
    /// PBKDF2 rounds of a new hash. Device secrets are 256 random bits, beyond any guessing; the rounds are there for the
    /// platform accounts' secrets (32 characters at least, but chosen by people) and as defence in depth should the
    /// stored hashes leak. The cost of one verification (100,000 HMAC-SHA256 rounds) is not measured in bench/ yet; the
    /// broker's verification cache spares most reconnections that cost.
    /// </summary>
    public const int Iterations = 100_000;

    public const string Scheme = "pbkdf2-sha256";

    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const int MinIterations = 10_000;
    private const int MaxIterations = 10_000_000;

    public static string Create(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>Whether <paramref name="stored"/> is a hash this class can verify; false names nothing about why.</summary>
    public static bool IsWellFormed(string? stored) => TryParse(stored, out _, out _, out _);

    /// <summary>True when <paramref name="secret"/> is the secret <paramref name="stored"/> was made from; compared in constant time.</summary>
    public static bool Verify(string stored, ReadOnlySpan<byte> secret)
    {
        if (!TryParse(stored, out var iterations, out var salt, out var expected))
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HashBytes];
        Rfc2898DeriveBytes.Pbkdf2(secret, salt, actual, iterations, HashAlgorithmName.SHA256);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = stored?.Split('$');
        if (parts is not [Scheme, var rounds, var saltText, var hashText]
            || !int.TryParse(rounds, NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations is < MinIterations or > MaxIterations)
        {
            return false;
        }

        try
        {
            salt = Convert.FromBase64String(saltText);
            hash = Convert.FromBase64String(hashText);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length >= SaltBytes && hash.Length == HashBytes;
    }
}
