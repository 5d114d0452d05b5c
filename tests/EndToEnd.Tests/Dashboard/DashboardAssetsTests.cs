using System.IO.Compression;
using DigitalTwin.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DigitalTwin.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard the silo serves is the one in the repository, file for file, and what it ships fits its budget:
/// scripts and styles at most 300 KB gzipped.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardAssetsTests(SiloFixture fixture, ITestOutputHelper output)
{
    private const long BudgetBytes = 300 * 1024;

    private static readonly string[] Sources = Directory.GetFiles(RepositoryRoot.File("src", "Api", "Dashboard", "wwwroot"));

    [Fact]
    public async Task EveryFileOfTheDashboardIsServedAsItIsInTheRepository()
    {
        Assert.Contains(Sources, s => s.EndsWith("index.html", StringComparison.Ordinal));
        foreach (var source in Sources)
        {
            var served = await fixture.Silo.Http.GetByteArrayAsync("/" + Path.GetFileName(source));
            Assert.True(served.AsSpan().SequenceEqual(File.ReadAllBytes(source)), $"{Path.GetFileName(source)} is served differently from the repository's");
        }

        Assert.Equal(File.ReadAllBytes(Sources.Single(s => s.EndsWith("index.html", StringComparison.Ordinal))), await fixture.Silo.Http.GetByteArrayAsync("/"));
    }

    [Fact]
    public void TheShippedScriptsAndStylesFitTheBudgetGzipped()
    {
        var shipped = Sources.Where(s => s.EndsWith(".js", StringComparison.Ordinal) || s.EndsWith(".css", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(shipped);
        var raw = shipped.Sum(s => new FileInfo(s).Length);
        var gzipped = shipped.Sum(s => Gzipped(File.ReadAllBytes(s)));
        output.WriteLine($"{shipped.Count} files, {raw} bytes, {gzipped} bytes gzipped (each file on its own, as a server sends them)");
        Assert.True(gzipped <= BudgetBytes, $"the dashboard ships {gzipped} bytes of scripts and styles gzipped, over its budget of {BudgetBytes}");
    }

    private static long Gzipped(byte[] content)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return compressed.Length;
    }
}
