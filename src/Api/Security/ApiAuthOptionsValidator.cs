using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Security;

internal sealed partial class ApiAuthOptionsValidator : IValidateOptions<ApiAuthOptions>
{
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, ApiAuthOptions options)
    {
        var failures = new List<string>();
        var section = ApiAuthOptions.SectionName;
        for (var i = 0; i < options.Tokens.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Tokens[i]) || options.Tokens[i].Length < ApiAuthOptions.MinTokenLength)
            {
                failures.Add($"{section}:Tokens:{i} must be at least {ApiAuthOptions.MinTokenLength} characters.");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.ApiKeys.Length; i++)
        {
            var key = options.ApiKeys[i];
            var at = $"{section}:ApiKeys:{i}";
            if (!KeyName().IsMatch(key.Name ?? ""))
            {
                failures.Add($"{at}:Name must be 1-64 characters of letters, digits, '.', '_' or '-'.");
            }
            else if (!names.Add(key.Name!))
            {
                failures.Add($"{at}:Name '{key.Name}' is used by another key.");
            }

            var hasKey = !string.IsNullOrEmpty(key.Key);
            var hasHash = !string.IsNullOrEmpty(key.KeyHash);
            if (hasKey == hasHash)
            {
                failures.Add($"{at} needs exactly one of Key and KeyHash.");
            }
            else if (hasKey && key.Key!.Length < ApiKeyOptions.MinKeyLength)
            {
                failures.Add($"{at}:Key must be at least {ApiKeyOptions.MinKeyLength} characters.");
            }
            else if (hasHash && !Sha256Hex().IsMatch(key.KeyHash!))
            {
                failures.Add($"{at}:KeyHash must be the key's SHA-256 as 64 hex digits.");
            }

            if (ApiRoles.Parse(key.Role) is null)
            {
                failures.Add($"{at}:Role must be '{ApiRoles.Viewer}', '{ApiRoles.Operator}' or '{ApiRoles.Admin}', not '{key.Role}'.");
            }
        }

        ValidateJwt(options.Jwt, $"{section}:Jwt", failures);
        if (options.Session.Lifetime < ApiSessionOptions.MinLifetime || options.Session.Lifetime > ApiSessionOptions.MaxLifetime)
        {
            failures.Add($"{section}:Session:Lifetime must be between {ApiSessionOptions.MinLifetime} and {ApiSessionOptions.MaxLifetime}, got {options.Session.Lifetime}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateJwt(JwtAuthOptions jwt, string at, List<string> failures)
    {
        if (!jwt.Enabled)
        {
            // Half a JWT configuration would leave the API open while its owner believes it closed.
            if (jwt.Issuers.Length > 0 || jwt.Audiences.Length > 0)
            {
                failures.Add($"{at} names issuers or audiences but no way to check signatures: set {at}:Authority, {at}:MetadataAddress, {at}:SigningKeys or {at}:PublicKeys.");
            }

            return;
        }

        if (jwt.Audiences.Length == 0 || jwt.Audiences.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{at}:Audiences needs at least one audience, and no empty one.");
        }

        if (!jwt.UsesDiscovery && (jwt.Issuers.Length == 0 || jwt.Issuers.Any(string.IsNullOrWhiteSpace)))
        {
            failures.Add($"{at}:Issuers needs at least one issuer when the keys are configured here (no Authority or MetadataAddress).");
        }

        foreach (var (address, key) in new[] { (jwt.Authority, "Authority"), (jwt.MetadataAddress, "MetadataAddress") })
        {
            if (!string.IsNullOrWhiteSpace(address) && !Uri.TryCreate(address, UriKind.Absolute, out _))
            {
                failures.Add($"{at}:{key} must be an absolute URL.");
            }
        }

        for (var i = 0; i < jwt.SigningKeys.Length; i++)
        {
            var bytes = new byte[jwt.SigningKeys[i].Length];
            if (!Convert.TryFromBase64String(jwt.SigningKeys[i], bytes, out var length) || length < JwtSigningKeys.MinSymmetricKeyBytes)
            {
                failures.Add($"{at}:SigningKeys:{i} must be base64 of at least {JwtSigningKeys.MinSymmetricKeyBytes} bytes.");
            }
        }

        for (var i = 0; i < jwt.PublicKeys.Length; i++)
        {
            try
            {
                JwtSigningKeys.Load(new JwtAuthOptions { PublicKeys = [jwt.PublicKeys[i]] });
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
            {
                failures.Add($"{at}:PublicKeys:{i} is neither a PEM public key or certificate nor a readable PEM file: {ex.Message}");
            }
        }

        if (jwt.RoleClaims.Length == 0 || jwt.RoleClaims.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{at}:RoleClaims needs at least one claim name, and no empty one.");
        }

        if (string.IsNullOrWhiteSpace(jwt.NameClaim))
        {
            failures.Add($"{at}:NameClaim must name a claim.");
        }

        if (jwt.ClockSkew < TimeSpan.Zero || jwt.ClockSkew > MaxClockSkew)
        {
            failures.Add($"{at}:ClockSkew must be between 00:00:00 and {MaxClockSkew}, got {jwt.ClockSkew}.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex KeyName();

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Hex();
}
