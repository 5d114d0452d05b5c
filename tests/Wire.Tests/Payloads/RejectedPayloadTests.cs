using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Wire.Payloads;
using DigitalTwin.Wire.Tests.Infrastructure;

namespace DigitalTwin.Wire.Tests.Payloads;

/// <summary>Bad input gets a clear error with a stable code, and no message.</summary>
public sealed class RejectedPayloadTests
{
    private const string DeviceId = "sensor-1";

    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly DevicePayloadParser _parser = new(new FixedClock(Now), TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"temperature\":}")]
    [InlineData("{'temperature':1}")]
    [InlineData("{\"temperature\":1}}")]
    [InlineData("temperature=1")]
    public void MalformedJsonIsInvalidJson(string payload) =>
        AssertRejected(payload, PayloadErrorCodes.InvalidJson);

    [Theory]
    [InlineData("{\"temperature\":NaN}")]
    [InlineData("{\"temperature\":Infinity}")]
    [InlineData("{\"temperature\":-Infinity}")]
    public void NonFiniteLiteralsAreInvalidJson(string payload) =>
        AssertRejected(payload, PayloadErrorCodes.InvalidJson);

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"hot\"")]
    [InlineData("23.5")]
    [InlineData("null")]
    [InlineData("true")]
    public void PayloadThatIsNotAnObjectIsInvalidPayload(string payload) =>
        AssertRejected(payload, PayloadErrorCodes.InvalidPayload);

    [Theory]
    [InlineData("{\"data\":5}")]
    [InlineData("{\"data\":[1]}")]
    [InlineData("{\"data\":\"x\"}")]
    [InlineData("{\"data\":null}")]
    public void DataThatIsNotAnObjectIsInvalidPayload(string payload) =>
        AssertRejected(payload, PayloadErrorCodes.InvalidPayload);

    [Theory]
    [InlineData("{\"position\":{\"x\":1}}")]
    [InlineData("{\"readings\":[1,2,3]}")]
    [InlineData("{\"data\":{\"position\":{\"x\":1}}}")]
    [InlineData("{\"data\":{\"readings\":[]}}")]
    public void NestedValuesAreInvalidValues(string payload) =>
        AssertRejected(payload, PayloadErrorCodes.InvalidValue);

    [Theory]
    [InlineData("{\"temperature\":null}")]
    [InlineData("{\"data\":{\"temperature\":null}}")]
    public void NullValuesAreInvalidValues(string payload) =>
        AssertRejected(payload, PayloadErrorCodes.InvalidValue);

    [Theory]
    [InlineData("{\"temperature\":1e400}")]
    [InlineData("{\"temperature\":-1e400}")]
    [InlineData("{\"data\":{\"temperature\":1e309}}")]
    public void NumbersOverflowingToInfinityAreInvalidValues(string payload) =>
        AssertRejected(payload, PayloadErrorCodes.InvalidValue);

    [Theory]
    [InlineData("{\"device_id\":\"sensor-2\",\"temperature\":1}")]
    [InlineData("{\"device_id\":\"SENSOR-1\",\"data\":{\"temperature\":1}}")]
    [InlineData("{\"device_id\":7,\"temperature\":1}")]
    [InlineData("{\"device_id\":null,\"temperature\":1}")]
    public void DeviceIdOtherThanTheTopicsIsAMismatch(string payload) =>
        AssertRejected(payload, PayloadErrorCodes.DeviceIdMismatch);

    [Theory]
    [InlineData("1717243200000")]
    [InlineData("1717243200000.5")]
    [InlineData("-5")]
    public void TimestampInMillisecondsOrNegativeIsAnInvalidValue(string timestamp) =>
        AssertRejected($$"""{"timestamp":{{timestamp}},"temperature":1}""", PayloadErrorCodes.InvalidValue);

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("1e400")]
    [InlineData("\"06/01/2024\"")]
    [InlineData("\"Sat, 01 Jun 2024 11:00:00 GMT\"")]
    [InlineData("\"12:00\"")]
    [InlineData("\"2024-06-01\"")]
    public void TimestampThatIsNoTimeIsAnInvalidValue(string timestamp) =>
        AssertRejected($$"""{"timestamp":{{timestamp}},"temperature":1}""", PayloadErrorCodes.InvalidValue);

    [Theory]
    [InlineData("946684799")]
    [InlineData("0")]
    [InlineData("\"1999-12-31T23:59:59Z\"")]
    public void TimestampBefore2000IsOutOfRange(string timestamp) =>
        AssertRejected($$"""{"timestamp":{{timestamp}},"temperature":1}""", PayloadErrorCodes.TimestampOutOfRange);

    [Fact]
    public void TimestampBeyondTheClockSkewIsOutOfRange()
    {
        var ahead = Now + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1);

        AssertRejected($$"""{"timestamp":{{ahead.ToUnixTimeSeconds()}},"temperature":1}""", PayloadErrorCodes.TimestampOutOfRange);
        AssertRejected($$$"""{"timestamp":"{{{ahead:O}}}","data":{"temperature":1}}""", PayloadErrorCodes.TimestampOutOfRange);
    }

    [Theory]
    [InlineData("1temperature")]
    [InlineData("temp erature")]
    [InlineData("temp$")]
    [InlineData("température")]
    [InlineData("")]
    [InlineData("-temperature")]
    public void InvalidFieldNamesAreInvalidValues(string name)
    {
        AssertRejected($$"""{"{{name}}":1}""", PayloadErrorCodes.InvalidValue);
        AssertRejected($$$"""{"data":{"{{{name}}}":1}}""", PayloadErrorCodes.InvalidValue);
    }

    [Fact]
    public void FieldNameLongerThanTheLimitIsAnInvalidValue() =>
        AssertRejected($$"""{"{{new string('a', FieldLimits.MaxNameLength + 1)}}":1}""", PayloadErrorCodes.InvalidValue);

    [Fact]
    public void MoreFieldsThanTheLimitAreAnInvalidPayload()
    {
        var fields = string.Join(",", Enumerable.Range(0, FieldLimits.MaxFields + 1).Select(i => $"\"f{i}\":{i}"));

        AssertRejected("{" + fields + "}", PayloadErrorCodes.InvalidPayload);
        AssertRejected($$$"""{"data":{{{{fields}}}}}""", PayloadErrorCodes.InvalidPayload);
    }

    [Fact]
    public void TextLongerThanTheLimitIsAnInvalidValue() =>
        AssertRejected($$"""{"note":"{{new string('x', FieldLimits.MaxTextLength + 1)}}"}""", PayloadErrorCodes.InvalidValue);

    // PostgreSQL's text cannot hold NUL; System.Text.Json already refuses unpaired surrogates.
    [Theory]
    [InlineData("{\"note\":\"a\\u0000b\"}", PayloadErrorCodes.InvalidValue)]
    [InlineData("{\"data\":{\"note\":\"\\u0000\"}}", PayloadErrorCodes.InvalidValue)]
    [InlineData("{\"note\":\"\\ud800\"}", PayloadErrorCodes.InvalidJson)]
    [InlineData("{\"note\":\"x\\udc00\"}", PayloadErrorCodes.InvalidJson)]
    [InlineData("{\"note\":\"\\ud83d\\u0041\"}", PayloadErrorCodes.InvalidJson)]
    public void TextNoStorageCanKeepIsRefused(string payload, string code) =>
        AssertRejected(payload, code);

    [Theory]
    [InlineData("{\"temperature\":1,\"temperature\":2}")]
    [InlineData("{\"data\":{\"temperature\":1,\"temperature\":2}}")]
    public void DuplicateFieldsAreAnInvalidPayload(string payload) =>
        AssertRejected(payload, PayloadErrorCodes.InvalidPayload);

    [Theory]
    [InlineData("{\"data\":{\"temperature\":1},\"data\":{\"temperature\":2}}")]
    [InlineData("{\"timestamp\":1717243200,\"timestamp\":1717243100,\"temperature\":1}")]
    [InlineData("{\"type\":\"a\",\"type\":\"b\",\"data\":{\"temperature\":1}}")]
    [InlineData("{\"device_id\":\"other\",\"device_id\":\"sensor-1\",\"temperature\":1}")]
    [InlineData("{\"device_id\":\"sensor-1\",\"device_id\":\"other\",\"temperature\":1}")]
    public void DuplicateEnvelopeKeysAreAnInvalidPayload(string payload) =>
        AssertRejected(payload, PayloadErrorCodes.InvalidPayload);

    [Fact]
    public void NestingBeyondTheDepthLimitIsInvalidJson()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", FieldLimits.MaxJsonDepth)) + "1" + new string('}', FieldLimits.MaxJsonDepth);

        AssertRejected($$"""{"data":{{deep}}}""", PayloadErrorCodes.InvalidJson);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"data\":{}}")]
    [InlineData("{\"timestamp\":1717243200,\"type\":\"sensor\",\"device_id\":\"sensor-1\"}")]
    public void PayloadWithoutFieldsIsAnInvalidPayload(string payload) =>
        AssertRejected(payload, PayloadErrorCodes.InvalidPayload);

    [Theory]
    [InlineData("5")]
    [InlineData("\"\"")]
    [InlineData("\"smart meter\"")]
    [InlineData("\"9lives\"")]
    [InlineData("null")]
    public void InvalidTypeIsAnInvalidValue(string type) =>
        AssertRejected($$"""{"type":{{type}},"temperature":1}""", PayloadErrorCodes.InvalidValue);

    [Fact]
    public void RejectionExplainsWhatIsWrong()
    {
        var result = _parser.ParseReport(DeviceId, DeviceMessageKind.Telemetry, Payload.Of("""{"data":{"position":{"x":1}}}"""));

        Assert.Contains("'position'", result.Error!.Message, StringComparison.Ordinal);
    }

    private void AssertRejected(string payload, string code)
    {
        var result = _parser.ParseReport(DeviceId, DeviceMessageKind.Telemetry, Payload.Of(payload));

        Assert.Null(result.Message);
        Assert.NotNull(result.Error);
        Assert.Equal(code, result.Error.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
    }
}
