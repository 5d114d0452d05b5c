using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace DigitalTwin.Api.Security;

/// <summary>Turns the configured HMAC keys and PEM public keys or certificates into keys that validate JWT signatures.</summary>
internal static class JwtSigningKeys
{
    public const int MinSymmetricKeyBytes = 32;

    private const string PemStart = "-----BEGIN";

    public static IReadOnlyList<SecurityKey> Load(JwtAuthOptions options)
    {
        var keys = new List<SecurityKey>();
        foreach (var key in options.SigningKeys)
        {
            keys.Add(new SymmetricSecurityKey(Convert.FromBase64String(key)));
        }

        foreach (var key in options.PublicKeys)
        {
            keys.Add(FromPem(key.TrimStart().StartsWith(PemStart, StringComparison.Ordinal) ? key : File.ReadAllText(key)));
        }

        return keys;
    }

    private static SecurityKey FromPem(string pem)
    {
        if (pem.Contains("BEGIN CERTIFICATE", StringComparison.Ordinal))
        {
            return new X509SecurityKey(X509Certificate2.CreateFromPem(pem));
        }

        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (ArgumentException)
        {
            // Not an RSA key: a SubjectPublicKeyInfo PEM looks the same for EC keys, so the EC import decides.
            rsa.Dispose();
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
        }

        var ec = ECDsa.Create();
        ec.ImportFromPem(pem);
        return new ECDsaSecurityKey(ec);
    }
}
