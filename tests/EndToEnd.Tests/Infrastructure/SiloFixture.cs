namespace DigitalTwin.EndToEnd.Tests.Infrastructure;

/// <summary>One real silo shared by the end-to-end tests of a collection; each test uses its own device ids.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public SiloProcess Silo { get; private set; } = null!;

    public Mosquitto Mqtt { get; private set; } = null!;

    /// <summary>Where the silo serves its HTTP API and the web dashboard.</summary>
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
