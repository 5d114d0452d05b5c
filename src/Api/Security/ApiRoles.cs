using System.Security.Claims;

namespace DigitalTwin.Api.Security;

/// <summary>
/// The one claim every authentication scheme turns its caller's rights into (<see cref="ClaimType"/>, valued
/// <c>viewer</c>, <c>operator</c> or <c>admin</c>), and the rule that a higher role includes the lower ones.
/// </summary>
public static class ApiRoles
{
    public const string ClaimType = "dtn_role";

    public const string Viewer = "viewer";

    public const string Operator = "operator";

    public const string Admin = "admin";

    public static string NameOf(ApiRole role) => role switch
    {
        ApiRole.Viewer => Viewer,
        ApiRole.Operator => Operator,
        ApiRole.Admin => Admin,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a role"),
    };

    /// <summary>The role a configured or claimed name stands for (any case); null for anything else.</summary>
    public static ApiRole? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        Viewer => ApiRole.Viewer,
        Operator => ApiRole.Operator,
        Admin => ApiRole.Admin,
        _ => null,
    };

    /// <summary>The highest role among the caller's role claims; null when it has none.</summary>
    public static ApiRole? HighestOf(ClaimsPrincipal user)
    {
        ApiRole? highest = null;
        foreach (var claim in user.FindAll(ClaimType))
        {
            if (Parse(claim.Value) is { } role && (highest is null || role > highest))
            {
                highest = role;
            }
        }

        return highest;
    }

    /// <summary>True when the caller holds <paramref name="needed"/> or a role above it.</summary>
    public static bool Grants(ClaimsPrincipal user, ApiRole needed) => HighestOf(user) is { } held && held >= needed;
}
