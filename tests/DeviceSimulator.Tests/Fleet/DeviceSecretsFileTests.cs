using DigitalTwin.Behaviour.CommandLine;
using DigitalTwin.DeviceSimulator.Fleet;

namespace DigitalTwin.DeviceSimulator.Tests.Fleet;

/// <summary>The <c>--credentials</c> file: one "device-id secret" a line; a bad file is refused naming the line, never echoing a secret.</summary>
public sealed class DeviceSecretsFileTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"secrets-{Guid.NewGuid():N}.txt");

    [Fact]
    public void EachLineGivesADeviceItsSecretAndCommentsAndBlankLinesAreSkipped()
    {
        File.WriteAllLines(_path, ["# issued 2026-12-07", "", "sensor-001 s3cret-one", "  camera.2\ts3cret-two  "]);

        var secrets = DeviceSecretsFile.Read(_path);

        Assert.Equal(new Dictionary<string, string> { ["sensor-001"] = "s3cret-one", ["camera.2"] = "s3cret-two" }, secrets);
    }

    [Theory]
    [InlineData("sensor-001", "line 2: expected a device id and its secret separated by a space, found 1 field(s)")]
    [InlineData("sensor-001 s3cret extra", "line 2: expected a device id and its secret separated by a space, found 3 field(s)")]
    [InlineData("Sensor_1 s3cret", "line 2: 'Sensor_1' is not a device id (1-64 characters, lowercase [a-z0-9._-], starting with a letter or digit)")]
    [InlineData("ok-device s3cret-again", "line 2: device 'ok-device' already has a secret on line 1")]
    public void ABadLineIsRefusedNamingItsNumber(string line, string reason)
    {
        File.WriteAllLines(_path, ["ok-device s3cret-first", line]);

        var error = Assert.Throws<UsageException>(() => DeviceSecretsFile.Read(_path));

        Assert.Equal($"--credentials: {_path} {reason}", error.Message);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileIsRefusedNamingIt()
    {
        var error = Assert.Throws<UsageException>(() => DeviceSecretsFile.Read(_path));

        Assert.StartsWith($"--credentials: cannot read '{_path}': ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFileNamingNoDeviceIsRefused()
    {
        File.WriteAllLines(_path, ["# nothing yet", ""]);

        Assert.Equal($"--credentials: '{_path}' names no device", Assert.Throws<UsageException>(() => DeviceSecretsFile.Read(_path)).Message);
    }

    public void Dispose() => File.Delete(_path);
}
