namespace DigitalTwin.Grains.Tests.Infrastructure;

/// <summary>Fresh ids and types per test, so tests sharing a cluster never see each other's twins.</summary>
public static class DeviceIds
{
    public static string New(string prefix = "dev") => $"{prefix}-{Guid.NewGuid():N}";

    public static string NewType() => $"type-{Guid.NewGuid():N}";
}
