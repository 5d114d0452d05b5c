using System.Text.RegularExpressions;
using DigitalTwin.DeviceSimulator.Fleet;

namespace DigitalTwin.DeviceSimulator.Tests.Fleet;

public sealed class FleetOptionsTests
{
    [Fact]
    public void DefaultsRunTenDevicesAgainstTheLocalBroker()
    {
        var options = FleetOptions.Parse([]);

        Assert.Equal("localhost", options.Broker);
        Assert.Equal(1883, options.Port);
        Assert.Null(options.Devices);
        Assert.Null(options.Types);
        Assert.Equal(TimeSpan.Zero, options.Duration);
        Assert.Equal(100, options.ConnectRate);
        Assert.False(options.Help);
    }

    [Fact]
    public void EveryOptionIsRead()
    {
        var options = FleetOptions.Parse([
            "--broker", "mqtt.local", "--port", "18830", "--devices", "200", "--types", "smart_light:3,camera", "--interval", "camera=5",
            "--window", "2", "--duration", "30", "--id-prefix", "lab1-", "--username", "sim", "--password", "secret", "--connect-rate", "50",
            "--ground-truth", "/tmp/truth.jsonl", "--seed", "42", "--fault-rate", "0.01", "--failure-rate", "0.1", "--session-expiry", "60",
            "--scenario", "office.json"]);

        Assert.Equal(("mqtt.local", 18830, 200), (options.Broker, options.Port, options.Devices));
        Assert.Equal([new("smart_light", 3.0), new KeyValuePair<string, double>("camera", 1.0)], options.Types!.Weights);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Intervals.For("camera"));
        Assert.Null(options.Intervals.For("gateway"));
        Assert.Equal(2, options.WindowSeconds);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Duration);
        Assert.Equal(("lab1-", "sim", "secret"), (options.IdPrefix, options.Username, options.Password));
        Assert.Equal((50.0, "/tmp/truth.jsonl", 42UL), (options.ConnectRate, options.GroundTruth, options.Seed!.Value));
        Assert.Equal((0.01, 0.1), (options.FaultRate, options.FailureRate));
        Assert.Equal(TimeSpan.FromSeconds(60), options.SessionExpiry);
        Assert.Equal("office.json", options.Scenario);
    }

    [Fact]
    public void TheTlsOptionsAreReadWithTlsAsAFlag()
    {
        var options = FleetOptions.Parse([
            "--tls", "--ca-file", "ca.pem", "--cert", "device.pem", "--key", "device.key", "--tls-server-name", "mqtt.example", "--devices", "3"]);

        Assert.True(options.Tls);
        Assert.Equal(("ca.pem", "device.pem", "device.key", "mqtt.example"), (options.CaFile, options.CertificateFile, options.KeyFile, options.TlsServerName));
        Assert.Null(options.CertificateDirectory);
        Assert.Equal(3, options.Devices);
        Assert.False(FleetOptions.Parse(["--cert-dir", "certs"]).Tls);
        Assert.Equal("certs", FleetOptions.Parse(["--cert-dir", "certs"]).CertificateDirectory);
    }

    [Theory]
    [InlineData("--devices", "0", "--devices must be a whole number from 1 to 1000000, not '0'")]
    [InlineData("--devices", "ten", "--devices must be a whole number from 1 to 1000000, not 'ten'")]
    [InlineData("--port", "70000", "--port must be a whole number from 1 to 65535, not '70000'")]
    [InlineData("--window", "-1", "--window must be a number from 0.1 to 3600, not '-1'")]
    [InlineData("--fault-rate", "2", "--fault-rate must be a number from 0 to 1, not '2'")]
    [InlineData("--types", "toaster", "--types: unknown device type 'toaster'; known: temperature_sensor, environmental_monitor, smart_light, industrial_equipment, camera, gateway")]
    [InlineData("--types", "camera:0", "--types: the weight of camera must be a positive number, not '0'")]
    [InlineData("--types", "camera,camera", "--types: camera is listed twice")]
    [InlineData("--interval", "fast", "--interval: expected seconds or type=seconds,... with known types, not 'fast'")]
    [InlineData("--interval", "camera=0", "--interval: the interval of camera must be a positive number of seconds, not '0'")]
    [InlineData("--id-prefix", "Lab_", "--id-prefix: 'Lab_' would break the device id rule [a-z0-9][a-z0-9._-]{0,63} (a prefix takes lowercase letters, digits, '.' and '-', up to 41 characters)")]
    [InlineData("--seed", "-1", "--seed must be a whole number from 0 to 18446744073709551615, not '-1'")]
    [InlineData("--colour", "red", "unknown option '--colour'")]
    public void BadValuesAreRefusedNamingTheOption(string name, string value, string message)
    {
        var error = Assert.Throws<FormatException>(() => FleetOptions.Parse([name, value]));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void AnOptionWithoutItsValueIsRefused()
    {
        Assert.Equal("--devices needs a value", Assert.Throws<FormatException>(() => FleetOptions.Parse(["--devices"])).Message);
        Assert.Equal("unexpected argument 'extra'", Assert.Throws<FormatException>(() => FleetOptions.Parse(["extra"])).Message);
    }

    [Fact]
    public void APasswordNeedsAUserName()
    {
        Assert.Equal("--password needs --username", Assert.Throws<FormatException>(() => FleetOptions.Parse(["--password", "x"])).Message);
    }

    [Fact]
    public void PerDeviceCredentialsComeFromAFileOrAreIssuedThroughTheApi()
    {
        var fromFile = FleetOptions.Parse(["--credentials", "secrets.txt"]);
        var issued = FleetOptions.Parse(["--provision-credentials", "--api", "http://silo:5000", "--api-key", "k"]);

        Assert.Equal(("secrets.txt", false), (fromFile.CredentialsFile, fromFile.ProvisionCredentials));
        Assert.Equal((true, new Uri("http://silo:5000"), "k"), (issued.ProvisionCredentials, issued.Api, issued.ApiKey));
        Assert.Null(issued.CredentialsFile);
    }

    [Theory]
    [InlineData("--credentials")]
    [InlineData("--api")]
    [InlineData("--api-key")]
    public void ACredentialsOptionWithoutItsValueIsRefused(string name)
    {
        Assert.Equal($"{name} needs a value", Assert.Throws<FormatException>(() => FleetOptions.Parse([name])).Message);
    }

    [Theory]
    [InlineData("--credentials a.txt --provision-credentials --api http://x", "give either --credentials (secrets from a file) or --provision-credentials (secrets issued now), not both")]
    [InlineData("--credentials a.txt --username sim", "--username is for one account shared by every device; --credentials and --provision-credentials give each device its own")]
    [InlineData("--provision-credentials", "--provision-credentials needs --api (the silo's HTTP address, such as http://localhost:5000)")]
    [InlineData("--api http://x", "--api and --api-key go with --provision-credentials")]
    [InlineData("--provision-credentials --api localhost:5000", "--api must be an http:// or https:// address such as http://localhost:5000, not 'localhost:5000'")]
    [InlineData("--provision-credentials --api ftp://x", "--api must be an http:// or https:// address such as http://localhost:5000, not 'ftp://x'")]
    public void CredentialOptionsThatCannotWorkTogetherAreRefused(string args, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => FleetOptions.Parse(args.Split(' '))).Message);
    }

    [Fact]
    public void SecretsComeFromFilesOutOfTheProcessList()
    {
        var directory = Directory.CreateTempSubdirectory("dtn-fleet-secrets-");
        try
        {
            var password = Path.Combine(directory.FullName, "password");
            var key = Path.Combine(directory.FullName, "key");
            File.WriteAllText(password, "mqtt-secret\n");
            File.WriteAllText(key, "admin-key\n");

            var shared = FleetOptions.Parse(["--username", "sim", "--password-file", password], NoEnvironment);
            var issued = FleetOptions.Parse(["--provision-credentials", "--api", "http://silo:5000", "--api-key-file", key], NoEnvironment);

            Assert.Equal(("sim", "mqtt-secret"), (shared.Username, shared.Password));
            Assert.Equal("admin-key", issued.ApiKey);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void SecretsNotGivenComeFromTheEnvironmentWhereTheRunUsesThem()
    {
        var environment = Environment(("DTN_MQTT_PASSWORD", "mqtt-secret"), ("DTN_API_KEY", "admin-key"));

        var shared = FleetOptions.Parse(["--username", "sim"], environment);
        var issued = FleetOptions.Parse(["--provision-credentials", "--api", "http://silo:5000"], environment);
        var given = FleetOptions.Parse(["--username", "sim", "--password", "typed"], environment);

        Assert.Equal("mqtt-secret", shared.Password);
        Assert.Equal("admin-key", issued.ApiKey);
        Assert.Null(issued.Password);
        Assert.Equal("typed", given.Password);
    }

    [Fact]
    public void VariablesExportedForOtherToolsChangeNothingWhereTheRunWouldNotUseThem()
    {
        var options = FleetOptions.Parse(["--credentials", "secrets.txt"], Environment(("DTN_MQTT_PASSWORD", "mqtt-secret"), ("DTN_API_KEY", "admin-key")));

        Assert.Equal((null, null), (options.Password, options.ApiKey));
    }

    [Theory]
    [InlineData("--username sim --password a --password-file a.txt", "give --password or --password-file, not both")]
    [InlineData("--provision-credentials --api http://x --api-key k --api-key-file k.txt", "give --api-key or --api-key-file, not both")]
    [InlineData("--username sim --password a --password b", "--password is given twice")]
    [InlineData("--api-key-file k.txt --api-key-file j.txt --provision-credentials --api http://x", "--api-key-file is given twice")]
    [InlineData("--password-file /nonexistent/dtn-password", "--password-file '/nonexistent/dtn-password' cannot be read: ")]
    [InlineData("--provision-credentials --api http://x --api-key-file /nonexistent/dtn-key", "--api-key-file '/nonexistent/dtn-key' cannot be read: ")]
    public void SecretOptionsThatCannotWorkAreRefusedNamingThem(string args, string message)
    {
        Assert.StartsWith(message, Assert.Throws<FormatException>(() => FleetOptions.Parse(args.Split(' '), NoEnvironment)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APasswordFileNeedsAUserName()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "mqtt-secret");

            Assert.Equal("--password needs --username", Assert.Throws<FormatException>(() => FleetOptions.Parse(["--password-file", file], NoEnvironment)).Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void HelpIsRecognised()
    {
        Assert.True(FleetOptions.Parse(["--help"]).Help);
        Assert.Contains("--connect-rate", FleetOptions.Usage);
    }

    [Fact]
    public void TheMixSplitsTheFleetByWeightAndAlwaysAddsUp()
    {
        var mix = FleetMix.Parse("temperature_sensor:3,smart_light:1,camera:1");

        Assert.Equal([new("temperature_sensor", 60), new("smart_light", 20), new KeyValuePair<string, int>("camera", 20)], mix.Allocate(100));
        foreach (var devices in new[] { 1, 7, 199, 200, 1001 })
        {
            Assert.Equal(devices, FleetMix.Even.Allocate(devices).Sum(a => a.Value));
        }
    }

    [Fact]
    public void DeviceIdsFollowThePlatformsRuleAndAreUnique()
    {
        var plans = DevicePlan.ForMix(FleetMix.Even, 1200, "lab-1.", IntervalOverrides.Parse("30"), 1, 10);

        Assert.Equal(1200, plans.Select(p => p.Id).Distinct().Count());
        Assert.All(plans, p => Assert.Matches(new Regex("^[a-z0-9][a-z0-9.-]{0,63}$"), p.Id));
        Assert.Contains(plans, p => p.Id == "lab-1.temperature-sensor-0001" && p.Type == "temperature_sensor");
        Assert.All(plans, p => Assert.Equal(TimeSpan.FromSeconds(30), p.Interval));
    }

    private static string? NoEnvironment(string name) => null;

    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
