using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Interfaces.Values;
using DigitalTwin.Wire.Payloads;
using DigitalTwin.Wire.Tests.Infrastructure;

namespace DigitalTwin.Wire.Tests.Payloads;

/// <summary>The two telemetry shapes of DESIGN §4 and the timestamps they may carry.</summary>
public sealed class TelemetryPayloadShapeTests
{
    private const string DeviceId = "sensor-1";

    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly DevicePayloadParser _parser = new(new FixedClock(Now), TimeSpan.FromMinutes(5));

    [Fact]
    public void EnvelopeYieldsItsDataFieldsTypeAndTimestamp()
    {
        var message = Parse("""
            {"device_id":"sensor-1","timestamp":1717243200,"type":"thermostat",
             "data":{"temperature":23.5,"heating":true,"mode":"eco"}}
            """);

        Assert.Equal(DeviceId, message.DeviceId);
        Assert.Equal(DeviceMessageKind.Telemetry, message.Kind);
        Assert.Equal("thermostat", message.DeviceType);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1717243200), message.DeviceTimestamp);
        Assert.Equal(Now, message.ReceivedAt);
        Assert.Null(message.Presence);
        Assert.Equal(
            [
                new NamedValue("temperature", FieldValue.FromNumber(23.5)),
                new NamedValue("heating", FieldValue.FromBoolean(true)),
                new NamedValue("mode", FieldValue.FromText("eco")),
            ],
            message.Values);
    }

    [Fact]
    public void EnvelopeIgnoresItsMetadataBlock()
    {
        var message = Parse("""{"data":{"temperature":1},"metadata":{"firmware":"1.2"}}""");

        Assert.Equal([new NamedValue("temperature", FieldValue.FromNumber(1))], message.Values);
    }

    [Fact]
    public void FlatObjectYieldsEveryFieldAsAValue()
    {
        var message = Parse("""{"temperature":23.5,"humidity":40}""");

        Assert.Equal(
            [
                new NamedValue("temperature", FieldValue.FromNumber(23.5)),
                new NamedValue("humidity", FieldValue.FromNumber(40)),
            ],
            message.Values);
        Assert.Null(message.DeviceType);
    }

    [Fact]
    public void FlatObjectKeepsEnvelopeKeysOutOfItsValues()
    {
        var message = Parse("""{"device_id":"sensor-1","timestamp":1717243200,"type":"meter","power":3.2}""");

        Assert.Equal([new NamedValue("power", FieldValue.FromNumber(3.2))], message.Values);
        Assert.Equal("meter", message.DeviceType);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1717243200), message.DeviceTimestamp);
    }

    [Fact]
    public void StateTopicKeepsItsKind()
    {
        var message = Parse("""{"valve":"open"}""", DeviceMessageKind.State);

        Assert.Equal(DeviceMessageKind.State, message.Kind);
    }

    [Fact]
    public void MissingTimestampMeansTheReceiveTime()
    {
        var message = Parse("""{"temperature":20}""");

        Assert.Equal(Now, message.DeviceTimestamp);
        Assert.Equal(Now, message.ReceivedAt);
    }

    [Theory]
    [InlineData("1717243200.5", 1717243200500)]
    [InlineData("1717243200.25", 1717243200250)]
    [InlineData("1717243200.123", 1717243200123)]
    [InlineData("1717243200.001", 1717243200001)]
    [InlineData("1700000000.999", 1700000000999)]
    [InlineData("1234567890.007", 1234567890007)]
    [InlineData("1717243200.008", 1717243200008)]
    [InlineData("1717243200.005", 1717243200005)]
    [InlineData("1.7172432e9", 1717243200000)]
    public void EpochSecondsKeepTheirFraction(string timestamp, long expectedMilliseconds)
    {
        var message = Parse($$"""{"timestamp":{{timestamp}},"temperature":20}""");

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expectedMilliseconds), message.DeviceTimestamp);
    }

    [Theory]
    [InlineData("2024-06-01T11:59:30Z", "2024-06-01T11:59:30Z")]
    [InlineData("2024-06-01T11:59:30.250Z", "2024-06-01T11:59:30.250Z")]
    [InlineData("2024-06-01T13:59:30+02:00", "2024-06-01T11:59:30Z")]
    [InlineData("2024-06-01T11:59:30", "2024-06-01T11:59:30Z")]
    public void IsoTimestampsAreReadAsUtc(string timestamp, string expected)
    {
        var message = Parse($$"""{"timestamp":"{{timestamp}}","temperature":20}""");

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), message.DeviceTimestamp);
        Assert.Equal(TimeSpan.Zero, message.DeviceTimestamp.Offset);
    }

    [Fact]
    public void TimestampWithinTheClockSkewIsAccepted()
    {
        var ahead = Now + TimeSpan.FromMinutes(4);

        var message = Parse($$"""{"timestamp":{{ahead.ToUnixTimeSeconds()}},"temperature":20}""");

        Assert.Equal(ahead, message.DeviceTimestamp);
    }

    [Fact]
    public void TextValuesUpToTheLimitAreAccepted()
    {
        var text = new string('x', FieldLimits.MaxTextLength);

        var message = Parse($$"""{"note":"{{text}}"}""");

        Assert.Equal(text, message.Values[0].Value.Text);
    }

    [Fact]
    public void PairedSurrogatesAndTheReplacementCharacterAreAccepted()
    {
        var message = Parse("""{"note":"\ud83d\ude80 \ufffd é"}""");

        Assert.Equal("🚀 \ufffd é", message.Values[0].Value.Text);
    }

    [Fact]
    public void AsManyFieldsAsTheLimitAreAccepted()
    {
        var fields = string.Join(",", Enumerable.Range(0, FieldLimits.MaxFields).Select(i => $"\"f{i}\":{i}"));

        var message = Parse($$"""{"timestamp":1717243200,"type":"bulk",{{fields}}}""");

        Assert.Equal(FieldLimits.MaxFields, message.Values.Length);
        Assert.Equal(new NamedValue("f255", FieldValue.FromNumber(255)), message.Values[^1]);
    }

    private DeviceMessage Parse(string json, DeviceMessageKind kind = DeviceMessageKind.Telemetry)
    {
        var result = _parser.ParseReport(DeviceId, kind, Payload.Of(json));
        Assert.Null(result.Error);
        return Assert.IsType<DeviceMessage>(result.Message);
    }
}
