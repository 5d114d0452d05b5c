using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Security;

/// <summary>A silo with broker authentication on and the API behind keys (<see cref="ApiClient"/>).</summary>
public sealed class AuthenticatingSiloFixture : IAsyncLifetime
{
    public SiloProcess Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var settings = ApiClient.KeySettings();
        settings["Mqtt:Auth:Enabled"] = "true";
        settings["Twins:DirectoryUpdateInterval"] = "00:00:00.100";
        Silo = await SiloProcess.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        var errors = Silo.LoggedErrors();
        await Silo.DisposeAsync();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The silo logged errors during the tests:\n" + string.Join('\n', errors));
        }
    }
}
