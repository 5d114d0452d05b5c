using DigitalTwin.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace DigitalTwin.Grains.Security;

/// <summary>Production needs auto-discovery capped (or off), so a client inventing ids cannot create twins without end.</summary>
internal sealed class DiscoveryCapRequirement(IOptions<TwinOptions> twins) : ISecurityRequirement
{
    public IEnumerable<string> FindGaps()
    {
        if (twins.Value.AutoDiscovery && twins.Value.MaxDiscoveriesPerMinute == 0)
        {
            yield return $"auto-discovery may create twins without limit: cap it ({TwinOptions.SectionName}:MaxDiscoveriesPerMinute, e.g. 600) or turn it off ({TwinOptions.SectionName}:AutoDiscovery=false).";
        }
    }
}
