namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>Finds a program of the solution (the silo, the simulator) where the solution build put it, in the tests' configuration.</summary>
public static class BuiltProgram
{
    /// <param name="project">Folder under <c>src/</c>, e.g. <c>Silo</c>; the assembly is <c>DigitalTwin.{project}.dll</c>.</param>
    public static string PathOf(string project)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DigitalTwin.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException("Cannot find DigitalTwin.sln above the test output folder");
        }

        var path = Path.Combine(directory.FullName, "src", project, "bin", configuration, "net10.0", $"DigitalTwin.{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build src/{project} first (dotnet build -c {configuration}): {path} is missing", path);
    }
}
