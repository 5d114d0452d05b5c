using DigitalTwin.Grains.Security;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Api.Security;

/// <summary>Production needs the API and the Orleans Dashboard closed to callers who present no credential.</summary>
internal sealed class ApiAuthenticationRequirement(IOptions<ApiAuthOptions> auth) : ISecurityRequirement
{
    public IEnumerable<string> FindGaps()
    {
        if (!auth.Value.Enforced)
        {
            yield return $"the API and /dashboard are open to anyone: configure API authentication (JWT with {ApiAuthOptions.SectionName}:Jwt:Authority or :SigningKeys or :PublicKeys, or API keys with {ApiAuthOptions.SectionName}:ApiKeys).";
        }
    }
}
