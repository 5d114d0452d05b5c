using System.Reflection;
using DigitalTwin.Grains.Directory;

namespace DigitalTwin.Grains.Tests.Directory;

public sealed class TwinDirectoryGrainLifetimeTests
{
    // The in-memory directory is rebuilt only as twins change: an idle collection after 15 minutes
    // emptied every listing while the twins themselves were still there.
    [Fact]
    public void TheInMemoryDirectoryIsNeverCollectedWhileIdle() =>
        Assert.NotNull(typeof(TwinDirectoryGrain).GetCustomAttribute<KeepAliveAttribute>());
}
