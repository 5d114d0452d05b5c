using System.Globalization;
using DigitalTwin.EndToEnd.Tests.Infrastructure;

namespace DigitalTwin.EndToEnd.Tests.Simulator;

/// <summary>
/// A silo of its own (auto-discovery on, its default) and a simulated fleet of <see cref="Devices"/> devices on its
/// embedded broker, with a 2 s telemetry interval and network window so a test sees many of both within seconds.
/// The silo is not shared with other tests so the twin listing holds exactly the fleet.
/// </summary>
public sealed class SimulatedFleetFixture : IAsyncLifetime
{
    public const int Devices = 200;

    public const string Prefix = "fleet-";

    public SiloProcess Silo { get; private set; } = null!;

    public Mosquitto Mqtt { get; private set; } = null!;

    public ProgramProcess Fleet { get; private set; } = null!;

    public string GroundTruthPath { get; } = Path.Combine(Path.GetTempPath(), $"e2e-ground-truth-{Guid.NewGuid():N}.csv");

    public async Task InitializeAsync()
    {
        Silo = await SiloProcess.StartAsync(new Dictionary<string, string>
        {
            ["Twins:DirectoryUpdateInterval"] = "00:00:00.100",
            ["Twins:InactivityTimeout"] = "00:01:00",
        });
        Mqtt = new Mosquitto(Silo.MqttPort);
        Fleet = ProgramProcess.Start(
            "DeviceSimulator",
            "run", "--broker", "127.0.0.1", "--port", Silo.MqttPort.ToString(CultureInfo.InvariantCulture),
            "--devices", Devices.ToString(CultureInfo.InvariantCulture), "--id-prefix", Prefix,
            "--interval", "2", "--window", "2", "--connect-rate", "200", "--failure-rate", "0",
            "--ground-truth", GroundTruthPath);
    }

    public async Task DisposeAsync()
    {
        await Fleet.DisposeAsync();
        var errors = Silo.LoggedErrors();
        await Silo.DisposeAsync();
        File.Delete(GroundTruthPath);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The silo logged errors during the fleet tests:\n" + string.Join('\n', errors));
        }
    }
}
