namespace DigitalTwin.DeviceSimulator.Telemetry;

/// <summary>The device types the simulator can run, by the names the platform uses.</summary>
public static class DeviceTypes
{
    public static IReadOnlyList<string> Names { get; } =
    [
        TemperatureSensor.TypeName,
        EnvironmentalMonitor.TypeName,
        SmartLight.TypeName,
        IndustrialEquipment.TypeName,
        Camera.TypeName,
        Gateway.TypeName,
    ];

    public static bool IsKnown(string type) => Names.Contains(type);

    public static DeviceModel Create(string type, string id, DeviceRandom random, double faultRate, DateTimeOffset start) => type switch
    {
        TemperatureSensor.TypeName => new TemperatureSensor(id, random, faultRate, start),
        EnvironmentalMonitor.TypeName => new EnvironmentalMonitor(id, random, faultRate, start),
        SmartLight.TypeName => new SmartLight(id, random, faultRate, start),
        IndustrialEquipment.TypeName => new IndustrialEquipment(id, random, faultRate, start),
        Camera.TypeName => new Camera(id, random, faultRate, start),
        Gateway.TypeName => new Gateway(id, random, faultRate, start),
        _ => throw new ArgumentException($"unknown device type '{type}'; known: {string.Join(", ", Names)}", nameof(type)),
    };
}
