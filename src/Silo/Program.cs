using DigitalTwin.Api.Hosting;
using DigitalTwin.Api.Security;
using DigitalTwin.Silo.Hosting;
using DigitalTwin.Silo.Observability;
using Orleans.Dashboard;

if (args is [MigrateCommand.Name, ..])
{
    return await MigrateCommand.RunAsync(args[1..]);
}

if (args is [HashSecretCommand.Name])
{
    return await HashSecretCommand.RunAsync();
}

var listRoutes = args is [RoutesCommand.Name, ..];
var builder = WebApplication.CreateBuilder(listRoutes ? args[1..] : args);

// A port another process holds is named in one line with the key that moves it, before anything starts.
var ports = ListeningPorts.Of(builder.Configuration);
if (!listRoutes && ports.FindTaken() is { } taken)
{
    await Console.Error.WriteLineAsync(taken.InUseMessage);
    return 1;
}

builder.UseDigitalTwinSilo();
builder.UseObservability();
builder.Services.AddTwinApi(builder.Configuration);

var app = builder.Build();
app.MapTwinApi();
app.MapObservability();
app.MapOrleansDashboard(ApiPolicies.OrleansDashboardPath).RequireAuthorization(ApiPolicies.Admin);
if (listRoutes)
{
    return RoutesCommand.Print(app);
}

app.RequireRoleOnEveryRoute();
app.LogStorageMode();
app.LogSecurityMode();
try
{
    await app.RunAsync();
}
catch (Exception ex) when (ports.Explain(ex) is { } message)
{
    // The check above is racy; a port taken since then fails the real bind and gets the same one line.
    await Console.Error.WriteLineAsync(message);
    return 1;
}

return 0;
