using System.Reflection;
using Orleans.TestingHost;

namespace DigitalTwin.Persistence.Tests.Infrastructure;

internal static class TestClusters
{
    /// <summary>
    /// The in-process cluster registers its own membership table after the silo configuration runs, so
    /// ADO.NET clustering would be silently bypassed. TestingHost 10.4.2 has the switch but does not make
    /// it public; without it these tests would not exercise our membership queries at all.
    /// </summary>
    public static void UsePostgresMembership(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty("UseTestClusterMembership", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("InProcessTestClusterOptions.UseTestClusterMembership is gone: find the new way to turn off test membership.");
        property.SetValue(options, false);
    }
}
