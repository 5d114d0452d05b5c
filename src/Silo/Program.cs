using DigitalTwin.Api.Hosting;
using DigitalTwin.Api.Security;
using DigitalTwin.Silo.Hosting;
using Orleans.Dashboard;

if (args is [MigrateCommand.Name, ..])
{
    return await MigrateCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(args);
builder.UseDigitalTwinSilo();
builder.Services.AddTwinApi(builder.Configuration);

var app = builder.Build();
app.MapTwinApi();
app.MapGroup("").RequireAuthorization(ApiPolicies.Api).MapOrleansDashboard("/dashboard");
app.LogStorageMode();
await app.RunAsync();
return 0;
