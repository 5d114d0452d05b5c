namespace DigitalTwin.DeviceSimulator.Dataset;

/// <summary>
/// The class balance of one way of splitting a dataset: rows per class in <c>train</c> and in <c>test</c>, and for
/// the device split the devices carrying each class in each (for the time split, the devices with rows of the class
/// in each part).
/// </summary>
public sealed record SplitBalance(
    IReadOnlyDictionary<string, long> TrainRows,
    IReadOnlyDictionary<string, long> TestRows,
    IReadOnlyDictionary<string, int> TrainDevices,
    IReadOnlyDictionary<string, int> TestDevices);
