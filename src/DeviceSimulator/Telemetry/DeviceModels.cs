using DigitalTwin.DeviceSimulator.Traffic;

namespace DigitalTwin.DeviceSimulator.Telemetry;

/// <summary>Creates the sensor and actuator model of each device type the simulator runs (<see cref="DeviceTypes.All"/>).</summary>
internal static class DeviceModels
{
    public static bool IsKnown(string type) => DeviceTypes.All.Contains(type);

    public static DeviceModel Create(string type, string id, Xoshiro256 random, double faultRate, DateTimeOffset start) => type switch
    {
        DeviceTypes.TemperatureSensor => new TemperatureSensor(id, random, faultRate, start),
        DeviceTypes.EnvironmentalMonitor => new EnvironmentalMonitor(id, random, faultRate, start),
        DeviceTypes.SmartLight => new SmartLight(id, random, faultRate, start),
        DeviceTypes.IndustrialEquipment => new IndustrialEquipment(id, random, faultRate, start),
        DeviceTypes.Camera => new Camera(id, random, faultRate, start),
        DeviceTypes.Gateway => new Gateway(id, random, faultRate, start),
        _ => throw new ArgumentException($"unknown device type '{type}'; known: {string.Join(", ", DeviceTypes.All)}", nameof(type)),
    };
}
