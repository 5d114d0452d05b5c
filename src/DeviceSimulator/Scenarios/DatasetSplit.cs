namespace DigitalTwin.DeviceSimulator.Scenarios;

/// <summary>The dataset split a device's rows belong to; a device is never in both.</summary>
public static class DatasetSplit
{
    public const string Train = "train";
    public const string Test = "test";
}
