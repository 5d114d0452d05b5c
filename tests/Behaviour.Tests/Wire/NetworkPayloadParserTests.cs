using System.Buffers;
using System.Text;
using DigitalTwin.Behaviour.Features;
using DigitalTwin.Behaviour.Wire;

namespace DigitalTwin.Behaviour.Tests.Wire;

public sealed class NetworkPayloadParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly NetworkPayloadParser Parser = new(new FixedTime(Now), TimeSpan.FromMinutes(5));

    [Fact]
    public void ReadsWhatTheWriterWrites()
    {
        var values = new double[FeatureCatalog.Count];
        Array.Fill(values, double.NaN);
        values[(int)NetworkFeature.PacketsIn] = 12;
        values[(int)NetworkFeature.TcpRatio] = 0.75;
        values[(int)NetworkFeature.LatencyMean] = 23.5;
        var written = new NetworkWindow(Now.AddSeconds(-20), 10, values);

        var error = Parser.TryParse("dev-1", new ReadOnlySequence<byte>(NetworkPayload.ToUtf8Bytes(written)), out var window);

        Assert.Null(error);
        Assert.Equal(written.Start, window!.Start);
        Assert.Equal(10, window.Seconds);
        Assert.Equal(12, window[NetworkFeature.PacketsIn]);
        Assert.Equal(0.75, window[NetworkFeature.TcpRatio]);
        Assert.Equal(23.5, window[NetworkFeature.LatencyMean]);
        Assert.True(double.IsNaN(window[NetworkFeature.Jitter]));
    }

    [Fact]
    public void AcceptsAnIsoStartAMatchingDeviceIdAndNullForUnmeasured()
    {
        var window = Parse("""{"schema":1,"device_id":"dev-1","window_start":"2026-11-28T11:59:00Z","window_seconds":10,"features":{"packets_in":3,"jitter":null}}""");

        Assert.Equal(Now.AddMinutes(-1), window.Start);
        Assert.Equal(3, window[NetworkFeature.PacketsIn]);
        Assert.True(double.IsNaN(window[NetworkFeature.Jitter]));
    }

    [Fact]
    public void AcceptsAWindowWithNoFeatureMeasured()
    {
        var window = Parse("""{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{}}""");

        Assert.All(window.Values, value => Assert.True(double.IsNaN(value)));
    }

    [Theory]
    [InlineData("{\"schema\":1,", WireErrorCodes.InvalidJson)]
    [InlineData("not json", WireErrorCodes.InvalidJson)]
    [InlineData("", WireErrorCodes.InvalidJson)]
    [InlineData("[1,2]", WireErrorCodes.InvalidPayload)]
    [InlineData("\"window\"", WireErrorCodes.InvalidPayload)]
    [InlineData("null", WireErrorCodes.InvalidPayload)]
    public void RefusesWhatIsNotAJsonObject(string payload, string code) => AssertRefused(payload, code);

    [Fact]
    public void RefusesInvalidUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes(Valid).ToList();
        bytes.InsertRange(bytes.Count - 3, [0xC3, 0x28]);

        var error = Parser.TryParse("dev-1", new ReadOnlySequence<byte>(bytes.ToArray()), out _);

        Assert.Equal(WireErrorCodes.InvalidJson, error!.Code);
    }

    [Theory]
    [InlineData("""{"window_start":1795867140,"window_seconds":10,"features":{}}""", "'schema' is required")]
    [InlineData("""{"schema":1,"window_seconds":10,"features":{}}""", "'window_start' is required")]
    [InlineData("""{"schema":1,"window_start":1795867140,"features":{}}""", "'window_seconds' is required")]
    [InlineData("""{"schema":1,"window_start":1795867140,"window_seconds":10}""", "'features' is required")]
    [InlineData("""{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{},"extra":1}""", "unknown property 'extra'")]
    [InlineData("""{"schema":1,"schema":1,"window_start":1795867140,"window_seconds":10,"features":{}}""", "'schema' appears more than once")]
    [InlineData("""{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"packets_in":1,"packets_in":2}}""", "feature 'packets_in' appears more than once")]
    public void RefusesMissingUnknownAndRepeatedKeys(string payload, string message)
    {
        var error = AssertRefused(payload, WireErrorCodes.InvalidPayload);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"2\"")]
    [InlineData("null")]
    [InlineData("99999999999")]
    public void RefusesEverySchemaVersionItDoesNotKnow(string schema) =>
        AssertRefused($$$"""{"schema":{{{schema}}},"window_start":1795867140,"window_seconds":10,"features":{}}""", WireErrorCodes.UnsupportedSchema);

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("\"06/01/2024\"")]
    [InlineData("true")]
    [InlineData("-5")]
    [InlineData("1795867140000")]
    [InlineData("{}")]
    public void RefusesAStartThatIsNoTime(string start) =>
        AssertRefused($$$"""{"schema":1,"window_start":{{{start}}},"window_seconds":10,"features":{}}""", WireErrorCodes.InvalidValue);

    [Theory]
    [InlineData("946684799")]
    [InlineData("\"2026-11-28T12:06:00Z\"")]
    public void RefusesAStartBefore2000OrAheadOfTheClock(string start) =>
        AssertRefused($$$"""{"schema":1,"window_start":{{{start}}},"window_seconds":10,"features":{}}""", WireErrorCodes.TimestampOutOfRange);

    [Theory]
    [InlineData("0")]
    [InlineData("0.5")]
    [InlineData("3601")]
    [InlineData("-10")]
    [InlineData("\"10\"")]
    [InlineData("1e400")]
    [InlineData("null")]
    public void RefusesAWindowLengthOutsideOneSecondToOneHour(string seconds) =>
        AssertRefused($$$"""{"schema":1,"window_start":1795867140,"window_seconds":{{{seconds}}},"features":{}}""", WireErrorCodes.InvalidValue);

    [Theory]
    [InlineData("[]")]
    [InlineData("\"packets_in=3\"")]
    [InlineData("null")]
    public void RefusesFeaturesThatAreNoObject(string features) =>
        AssertRefused($$$"""{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{{{features}}}}""", WireErrorCodes.InvalidValue);

    [Fact]
    public void RefusesAnUnknownFeature()
    {
        var error = AssertRefused("""{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"packets_in":1,"payload_bytes":3}}""", WireErrorCodes.UnknownFeature);
        Assert.Contains("payload_bytes", error.Message);
    }

    [Theory]
    [InlineData("\"12\"")]
    [InlineData("true")]
    [InlineData("[1]")]
    [InlineData("1e400")]
    [InlineData("-1e400")]
    public void RefusesAFeatureThatIsNoFiniteNumber(string value) =>
        AssertRefused($$$"""{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"latency_mean":{{{value}}}}}""", WireErrorCodes.InvalidValue);

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void RefusesNonStandardNumberLiterals(string value) =>
        AssertRefused($$$"""{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"latency_mean":{{{value}}}}}""", WireErrorCodes.InvalidJson);

    [Theory]
    [InlineData("packets_in", "-1")]
    [InlineData("latency_mean", "-0.5")]
    [InlineData("tcp_ratio", "1.01")]
    [InlineData("dns_nxdomain_ratio", "-0.1")]
    [InlineData("packets_in", "2.5")]
    [InlineData("listening_ports", "0.5")]
    [InlineData("bytes_in", "1e300")]
    public void RefusesValuesOutsideWhatTheFeatureMeasures(string feature, string value) =>
        AssertRefused($$$"""{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"{{{feature}}}":{{{value}}}}}""", WireErrorCodes.InvalidValue);

    [Fact]
    public void AcceptsFractionalMeansInByteUnits()
    {
        var window = Parse("""{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"payload_size_mean":512.25,"tcp_ratio":1}}""");

        Assert.Equal(512.25, window[NetworkFeature.PayloadSizeMean]);
        Assert.Equal(1, window[NetworkFeature.TcpRatio]);
    }

    [Fact]
    public void RefusesADeviceIdOtherThanTheTopics() =>
        AssertRefused("""{"schema":1,"device_id":"dev-2","window_start":1795867140,"window_seconds":10,"features":{}}""", WireErrorCodes.DeviceIdMismatch);

    [Fact]
    public void RefusesDeepNesting()
    {
        AssertRefused("""{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"packets_in":{"value":1}}}""", WireErrorCodes.InvalidValue);
        AssertRefused("""{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"packets_in":{"value":[1]}}}""", WireErrorCodes.InvalidJson);
        AssertRefused(new string('[', 10_000) + new string(']', 10_000), WireErrorCodes.InvalidJson);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void AWindowKeepsTheSchemaVersionItWasSentWith(int version)
    {
        var window = Parse($$$"""{"schema":{{{version}}},"window_start":1795867140,"window_seconds":10,"features":{"packets_in":1}}""");

        Assert.Equal(version, window.SchemaVersion);
    }

    [Fact]
    public void AWindowWrittenAndReadBackKeepsItsVersion()
    {
        var written = new NetworkWindow(DateTimeOffset.FromUnixTimeSeconds(1795867140), 10, new double[FeatureCatalog.Count], schemaVersion: 1);

        var read = Parse(System.Text.Encoding.UTF8.GetString(NetworkPayload.ToUtf8Bytes(written)));

        Assert.Equal(1, read.SchemaVersion);
    }

    [Fact]
    public void ASchemaThreeWindowCarriesEveryFeatureThroughTheWriterAndParser()
    {
        var values = new double[FeatureCatalog.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = FeatureCatalog.All[i].Unit == "fraction" ? 0.25 : i + 1;
        }

        var written = new NetworkWindow(Now.AddSeconds(-20), 10, values, schemaVersion: 3);

        var read = Parse(Encoding.UTF8.GetString(NetworkPayload.ToUtf8Bytes(written)));

        Assert.Equal(3, read.SchemaVersion);
        Assert.Equal(56, read.Values.Length);
        Assert.Equal(values, read.Values);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void AnOlderWindowIsWrittenWithOnlyTheFeaturesItsVersionDefines(int version)
    {
        var values = new double[FeatureCatalog.Count];
        Array.Fill(values, 1);
        var written = new NetworkWindow(Now.AddSeconds(-20), 10, values, schemaVersion: version);

        using var payload = System.Text.Json.JsonDocument.Parse(NetworkPayload.ToUtf8Bytes(written));
        var names = payload.RootElement.GetProperty("features").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Equal(FeatureCatalog.All.Where(f => f.Since <= version).Select(f => f.Name), names);
        Assert.Equal(32, names.Count);
        var read = Parse(Encoding.UTF8.GetString(NetworkPayload.ToUtf8Bytes(written)));
        Assert.All(FeatureCatalog.All, f => Assert.Equal(f.Since <= version, !double.IsNaN(read[f.Feature])));
    }

    [Theory]
    [InlineData(2, "syn_out", "1")]
    [InlineData(2, "periodic_gap_cv", "0.5")]
    [InlineData(1, "new_dns_names", "0")]
    [InlineData(2, "unanswered_syn_ratio", "null")]
    public void AnOlderWindowNamingALaterFeatureIsRefusedNamingTheFeatureAndVersion(int version, string feature, string value)
    {
        var error = AssertRefused(
            $$$"""{"schema":{{{version}}},"window_start":1795867140,"window_seconds":10,"features":{"packets_in":1,"{{{feature}}}":{{{value}}}}}""",
            WireErrorCodes.UnknownFeature);

        Assert.Contains($"'{feature}'", error.Message);
        Assert.Contains("schema 3", error.Message);
        Assert.Contains($"schema {version}", error.Message);
    }

    [Fact]
    public void ASchemaThreeWindowMayLeaveOutFeaturesAsEveryVersionMay()
    {
        var window = Parse("""{"schema":3,"window_start":1795867140,"window_seconds":10,"features":{"packets_in":4,"syn_out":2,"packet_rate_1h":0.125}}""");

        Assert.Equal(4, window[NetworkFeature.PacketsIn]);
        Assert.Equal(2, window[NetworkFeature.SynOut]);
        Assert.Equal(0.125, window[NetworkFeature.PacketRate1h]);
        Assert.True(double.IsNaN(window[NetworkFeature.SynIn]));
        Assert.True(double.IsNaN(window[NetworkFeature.Jitter]));
    }

    [Theory]
    [InlineData("syn_out", "\"2\"")]
    [InlineData("syn_out", "1.5")]
    [InlineData("rst_in", "-1")]
    [InlineData("fin_out", "true")]
    [InlineData("new_destinations", "0.5")]
    [InlineData("new_dns_names", "[1]")]
    [InlineData("unanswered_syn_ratio", "1.2")]
    [InlineData("bytes_out_ratio", "-0.1")]
    [InlineData("packet_rate_1m", "1e400")]
    [InlineData("bytes_out_rate_1h", "2e15")]
    [InlineData("periodic_gap_mean", "{}")]
    public void RefusesWrongTypesAndValuesOfTheSchemaThreeFeatures(string feature, string value) =>
        AssertRefused($$$"""{"schema":3,"window_start":1795867140,"window_seconds":10,"features":{"{{{feature}}}":{{{value}}}}}""", WireErrorCodes.InvalidValue);

    [Fact]
    public void RefusesASchemaThreeFeatureGivenTwice()
    {
        var error = AssertRefused("""{"schema":3,"window_start":1795867140,"window_seconds":10,"features":{"syn_out":1,"syn_out":2}}""", WireErrorCodes.InvalidPayload);
        Assert.Contains("'syn_out' appears more than once", error.Message);
    }

    [Fact]
    public void AcceptsFractionalDampedRatesAndPeriodicity()
    {
        var window = Parse("""{"schema":3,"window_start":1795867140,"window_seconds":10,"features":{"sessions_opened_1h":12.75,"periodic_gap_mean":59.5,"periodic_gap_cv":0.02,"unanswered_syn_ratio":1}}""");

        Assert.Equal(12.75, window[NetworkFeature.SessionsOpened1h]);
        Assert.Equal(59.5, window[NetworkFeature.PeriodicGapMean]);
        Assert.Equal(1, window[NetworkFeature.UnansweredSynRatio]);
    }

    private const string Valid = """{"schema":1,"window_start":1795867140,"window_seconds":10,"features":{"packets_in":1}}""";

    private static NetworkWindow Parse(string payload)
    {
        var error = Parser.TryParse("dev-1", new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), out var window);
        Assert.Null(error);
        return window!;
    }

    private static NetworkPayloadError AssertRefused(string payload, string code)
    {
        var error = Parser.TryParse("dev-1", new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), out var window);
        Assert.Null(window);
        Assert.NotNull(error);
        Assert.Equal(code, error.Code);
        return error;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
