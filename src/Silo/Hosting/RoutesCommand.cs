using DigitalTwin.Api.Security;

namespace DigitalTwin.Silo.Hosting;

/// <summary>
/// <c>dotnet run --project src/Silo -- routes</c>: prints every route of the silo with the role it needs
/// (<c>METHODS route access</c>, one a line) and exits without starting anything. Exit code 1 when a route carries
/// no role policy (the same check that stops the silo at start-up).
/// </summary>
internal static class RoutesCommand
{
    public const string Name = "routes";

    public static int Print(WebApplication app)
    {
        var routes = app.Describe();
        foreach (var route in routes)
        {
            Console.WriteLine(route);
        }

        return routes.All(r => r.IsGuarded) ? 0 : 1;
    }
}
