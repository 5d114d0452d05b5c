using System.Buffers;
using System.Text;
using System.Text.Json;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Wire.Outbound;
using DigitalTwin.Wire.Payloads;
using DigitalTwin.Wire.Tests.Infrastructure;

namespace DigitalTwin.Wire.Tests.Payloads;

/// <summary>Errors devices report on <c>device/{id}/error</c>, read as alerts.</summary>
public sealed class AlertPayloadTests
{
    private const string DeviceId = "sensor-1";

    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly DevicePayloadParser _parser = new(new FixedClock(Now), TimeSpan.FromMinutes(5));

    [Fact]
    public void TheSeedsErrorMessageBecomesAWarningAlert()
    {
        var alert = Parse("""{"device_id":"sensor-1","timestamp":1717243100,"type":"error","error_code":"SENSOR_FAILURE","message":"Temperature sensor not responding","details":{"sensor":"temp_01","attempts": 3}}""");

        Assert.Equal("SENSOR_FAILURE", alert.ErrorCode);
        Assert.Equal("Temperature sensor not responding", alert.Message);
        Assert.Equal("warning", alert.Severity);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1717243100), alert.DeviceTimestamp);
        Assert.Equal("""{"sensor":"temp_01","attempts":3}""", alert.DetailsJson);
    }

    [Theory]
    [InlineData("info", "info")]
    [InlineData("critical", "critical")]
    [InlineData("warning", "warning")]
    [InlineData("fatal", "warning")]
    public void SeverityIsKeptWhenItIsOneWeKnow(string given, string expected) =>
        Assert.Equal(expected, Parse($$"""{"error_code":"E1","message":"m","severity":"{{given}}"}""").Severity);

    [Theory]
    [InlineData("not json", PayloadErrorCodes.InvalidJson)]
    [InlineData("[1]", PayloadErrorCodes.InvalidPayload)]
    [InlineData("""{"message":"no code"}""", PayloadErrorCodes.InvalidValue)]
    [InlineData("""{"error_code":42,"message":"m"}""", PayloadErrorCodes.InvalidValue)]
    [InlineData("""{"error_code":"E1"}""", PayloadErrorCodes.InvalidValue)]
    [InlineData("""{"error_code":"E1","message":"m","details":"text"}""", PayloadErrorCodes.InvalidValue)]
    [InlineData("""{"device_id":"other","error_code":"E1","message":"m"}""", PayloadErrorCodes.DeviceIdMismatch)]
    [InlineData("""{"error_code":"E1","message":"m","timestamp":"yesterday"}""", PayloadErrorCodes.InvalidValue)]
    public void BadReportsAreRefusedWithACode(string payload, string code)
    {
        var error = _parser.TryParseAlert(DeviceId, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), out var alert);

        Assert.Null(alert);
        Assert.Equal(code, error?.Code);
    }

    [Fact]
    public void TheAlertJsonIsOneLineEvenWhenTheDeviceSentItsDetailsPrettyPrinted()
    {
        var alert = Parse("{\"error_code\":\"E1\",\"message\":\"m\",\"details\":{\n  \"a\": 1\n}}");

        var json = Encoding.UTF8.GetString(PlatformMessageJson.WriteAlert(alert, Now));

        Assert.DoesNotContain('\n', json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("alert", document.RootElement.GetProperty("type").GetString());
        Assert.Equal(DeviceId, document.RootElement.GetProperty("twin_id").GetString());
        Assert.Equal(1, document.RootElement.GetProperty("details").GetProperty("a").GetInt32());
    }

    private DeviceAlert Parse(string payload)
    {
        var error = _parser.TryParseAlert(DeviceId, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), out var alert);
        Assert.Null(error);
        return alert!;
    }
}
