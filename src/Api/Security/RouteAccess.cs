namespace DigitalTwin.Api.Security;

/// <summary>One route of the running app and who may call it: a role name, <c>anonymous</c>, or <c>none</c> (a route nobody guarded).</summary>
public sealed record RouteAccess(string Methods, string Route, string Access)
{
    public const string Anonymous = "anonymous";

    public const string Unguarded = "none";

    public bool IsGuarded => Access != Unguarded;

    public override string ToString() => $"{Methods} {Route} {Access}";
}
