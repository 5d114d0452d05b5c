using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Dashboard;

/// <summary>
/// One silo with the API open (the development default) for the dashboard's browser tests, and the Mosquitto
/// clients that play its devices. Fails the run when the silo logged an error.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public SiloProcess Silo { get; private set; } = null!;

    public Mosquitto Mqtt { get; private set; } = null!;

    public string BaseUrl => $"http://127.0.0.1:{Silo.HttpPort}";

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["Twins:DirectoryUpdateInterval"] = "00:00:00.100",
            ["Twins:InactivityTimeout"] = "00:01:00",
        });
        Mqtt = new Mosquitto(Silo.MqttPort);
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
