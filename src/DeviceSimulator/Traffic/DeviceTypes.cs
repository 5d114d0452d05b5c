namespace DigitalTwin.DeviceSimulator.Traffic;

/// <summary>The built-in device types (src/Grains/Commands/BuiltInDeviceTypes.json) that have a traffic profile.</summary>
public static class DeviceTypes
{
    public const string TemperatureSensor = "temperature_sensor";
    public const string EnvironmentalMonitor = "environmental_monitor";
    public const string SmartLight = "smart_light";
    public const string IndustrialEquipment = "industrial_equipment";
    public const string Camera = "camera";
    public const string Gateway = "gateway";

    public static IReadOnlyList<string> All { get; } =
        [TemperatureSensor, EnvironmentalMonitor, SmartLight, IndustrialEquipment, Camera, Gateway];
}
