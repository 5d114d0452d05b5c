namespace DigitalTwin.TestSupport;

/// <summary>The checkout the tests run from: the directory above the test output that holds <c>DigitalTwin.sln</c>.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>A file of the checkout, e.g. <c>File("docs", "api.md")</c>.</summary>
    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!System.IO.File.Exists(System.IO.Path.Combine(root.FullName, "DigitalTwin.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("no DigitalTwin.sln above the test output");
        }

        return root.FullName;
    }
}
