namespace DigitalTwin.Ingest.Tests;

/// <summary>The command line: the new broker and generator options, and clear messages for bad input.</summary>
public sealed class IngestBenchOptionsTests
{
    // Any existing file stands in for the silo assembly: options only check that it is there.
    private static readonly string Silo = typeof(IngestBenchOptionsTests).Assembly.Location;

    [Fact]
    public void ABrokerIsGivenAsHostAndPortAndNeedsNoSilo()
    {
        Assert.True(IngestBenchOptions.TryParse(["--broker", "127.0.0.1:1883", "--broker-pid", "42"], out var options, out var problem), problem);

        Assert.Equal("127.0.0.1:1883", options.Broker);
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1883), options.BrokerEndpoint);
        Assert.Equal(42, options.BrokerProcessId);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("localhost:")]
    [InlineData(":1883")]
    [InlineData("localhost:70000")]
    [InlineData("localhost:port")]
    public void ABrokerWithoutAUsablePortIsRefusedWithAnExample(string broker)
    {
        Assert.False(IngestBenchOptions.TryParse(["--broker", broker], out _, out var problem));

        Assert.Contains("host:port", problem);
        Assert.Contains(broker, problem);
    }

    [Theory]
    [InlineData("--compare-mosquitto")]
    [InlineData("--storage", "postgres")]
    [InlineData("--silo-arg", "--Mqtt:Port=1")]
    public void SiloOptionsDoNotMixWithABroker(params string[] extra)
    {
        Assert.False(IngestBenchOptions.TryParse(["--broker", "127.0.0.1:1883", .. extra], out _, out var problem));

        Assert.Contains(extra[0], problem);
        Assert.Contains("--broker", problem);
    }

    [Fact]
    public void CompareMosquittoIsAFlagThatTakesNoValue()
    {
        Assert.True(IngestBenchOptions.TryParse(["--compare-mosquitto", "--devices", "10", "--silo", Silo], out var options, out var problem), problem);

        Assert.True(options.CompareMosquitto);
        Assert.Equal(10, options.Devices);
    }

    [Fact]
    public void TheWindowDefaultsByLoadShapeUnlessGiven()
    {
        Assert.True(IngestBenchOptions.TryParse(["--silo", Silo], out var closed, out _));
        Assert.True(IngestBenchOptions.TryParse(["--silo", Silo, "--rate-per-device", "2"], out var rate, out _));
        Assert.True(IngestBenchOptions.TryParse(["--silo", Silo, "--in-flight", "1"], out var given, out _));

        Assert.Equal((8, 64, 1), (closed.InFlight, rate.InFlight, given.InFlight));
    }

    [Theory]
    [InlineData("--in-flight", "0", "--in-flight must be a whole number from 1 to 65535")]
    [InlineData("--mqtt-version", "4", "--mqtt-version takes 5 or 3.1.1")]
    [InlineData("--broker-pid", "7", "--broker-pid names the process of a --broker")]
    public void BadValuesAreNamedInTheMessage(string name, string value, string expected)
    {
        Assert.False(IngestBenchOptions.TryParse([name, value, "--silo", Silo], out _, out var problem));

        Assert.Contains(expected, problem);
    }

    [Fact]
    public void Mqtt311CanBeChosen()
    {
        Assert.True(IngestBenchOptions.TryParse(["--mqtt-version", "3.1.1", "--silo", Silo], out var options, out _));

        Assert.Equal(DigitalTwin.Ingest.Mqtt.MqttProtocol.V311, options.Protocol);
    }

    [Fact]
    public void SecureIsMeasuredBesidePlainAndTlsWithUpdatesFromAFeed()
    {
        Assert.True(IngestBenchOptions.TryParse(["--transport", "plain,tls,secure", "--updates-via", "batches", "--silo", Silo], out var options, out var problem), problem);

        Assert.Equal(["plain", "tls", "secure"], options.Transports);
    }

    [Theory]
    [InlineData(new[] { "--transport", "secure" }, "--transport secure needs --updates-via sse or batches")]
    [InlineData(new[] { "--transport", "secure", "--updates-via", "batches", "--broker", "127.0.0.1:1883" }, "--transport secure is for a silo the bench starts")]
    [InlineData(new[] { "--transport", "tls,secure,tls" }, "must be plain, tls and/or secure")]
    public void SecureIsRefusedWhereItCannotWork(string[] arguments, string expected)
    {
        Assert.False(IngestBenchOptions.TryParse([.. arguments, "--silo", Silo], out _, out var problem));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePasswordComesFromAFileOrTheEnvironmentOutOfTheProcessList()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "from-file\n");
            var environment = (string name) => name == "DTN_MQTT_PASSWORD" ? "from-environment" : null;

            Assert.True(IngestBenchOptions.TryParse(["--username", "bench", "--password-file", file, "--silo", Silo], environment, out var fromFile, out var problem), problem);
            Assert.True(IngestBenchOptions.TryParse(["--username", "bench", "--silo", Silo], environment, out var fromEnvironment, out problem), problem);
            Assert.True(IngestBenchOptions.TryParse(["--silo", Silo], environment, out var withoutUsername, out problem), problem);

            Assert.Equal("from-file", fromFile.Password);
            Assert.Equal("from-environment", fromEnvironment.Password);
            Assert.Null(withoutUsername.Password);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData(new[] { "--username", "bench", "--password", "typed", "--password-file", "/dev/null" }, "give --password or --password-file, not both.")]
    [InlineData(new[] { "--username", "bench", "--password-file", "/nonexistent/dtn-password" }, "--password-file '/nonexistent/dtn-password' cannot be read: ")]
    [InlineData(new[] { "--username", "bench", "--password-file", "/dev/null" }, "--password-file '/dev/null' is empty.")]
    public void APasswordThatCannotBeReadIsRefusedNamingTheOption(string[] arguments, string expected)
    {
        Assert.False(IngestBenchOptions.TryParse([.. arguments, "--silo", Silo], _ => null, out _, out var problem));

        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }
}
