using System.Buffers;
using System.Text;
using DigitalTwin.Grains.Interfaces.Commands;
using DigitalTwin.Wire.Payloads;
using DigitalTwin.Wire.Tests.Infrastructure;

namespace DigitalTwin.Wire.Tests.Payloads;

/// <summary>Command acks on <c>device/{id}/ack</c> (seed §5.2).</summary>
public sealed class AckPayloadTests
{
    private const string DeviceId = "light-1";

    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly DevicePayloadParser _parser = new(new FixedClock(Now), TimeSpan.FromMinutes(5));

    private PayloadError? Parse(string payload, out CommandAck? ack, int maxResultBytes = 4096) =>
        _parser.TryParseAck(DeviceId, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), maxResultBytes, out ack);

    [Fact]
    public void TheSeedsAckReadsWithItsResult()
    {
        var error = Parse("""
            {"command_id":"cmd-12345","device_id":"light-1","timestamp":1717243200,"status":"success",
             "result":{"brightness":75,"execution_time":0.5}}
            """, out var ack);

        Assert.Null(error);
        Assert.Equal(new CommandAck(DeviceId, "cmd-12345", true, """{"brightness":75,"execution_time":0.5}""", null, Now), ack);
    }

    [Theory]
    [InlineData("success", true)]
    [InlineData("succeeded", true)]
    [InlineData("ok", true)]
    [InlineData("failed", false)]
    [InlineData("failure", false)]
    [InlineData("error", false)]
    public void StatusSaysWhetherTheDeviceCarriedItOut(string status, bool succeeded)
    {
        Assert.Null(Parse($$"""{"command_id":"c1","status":"{{status}}","message":"why"}""", out var ack));

        Assert.Equal(succeeded, ack!.Succeeded);
        Assert.Equal("why", ack.Message);
    }

    [Theory]
    [InlineData("""{"status":"success"}""", "INVALID_VALUE", "'command_id' is required: a string of 1-64 characters [A-Za-z0-9._:-]")]
    [InlineData("""{"command_id":42,"status":"success"}""", "INVALID_VALUE", "'command_id' is required: a string of 1-64 characters [A-Za-z0-9._:-]")]
    [InlineData("""{"command_id":"a b","status":"success"}""", "INVALID_VALUE", "'command_id' is required: a string of 1-64 characters [A-Za-z0-9._:-]")]
    [InlineData("""{"command_id":"c1"}""", "INVALID_VALUE", "'status' is required: \"success\" or \"failed\"")]
    [InlineData("""{"command_id":"c1","status":"maybe"}""", "INVALID_VALUE", "'status' is required: \"success\" or \"failed\"")]
    [InlineData("""{"command_id":"c1","status":"success","result":[1,2]}""", "INVALID_VALUE", "'result' must be an object, got an array")]
    [InlineData("""{"command_id":"c1","status":"failed","message":7}""", "INVALID_VALUE", "'message' must be a string of at most 1024 characters")]
    [InlineData("""{"command_id":"c1","command_id":"c2","status":"success"}""", "INVALID_PAYLOAD", "'command_id' appears more than once")]
    [InlineData("""{"command_id":"c1","status":"success","device_id":"other"}""", "DEVICE_ID_MISMATCH", "'device_id' in the payload does not match the topic's device id 'light-1'")]
    [InlineData("""["c1"]""", "INVALID_PAYLOAD", "an ack must be a JSON object, got an array")]
    public void BadAcksAreRefusedWithAReason(string payload, string code, string message)
    {
        var error = Parse(payload, out var ack);

        Assert.Null(ack);
        Assert.Equal(code, error?.Code);
        Assert.Equal(message, error?.Message);
    }

    [Fact]
    public void NotJsonIsRefused()
    {
        Assert.Equal(PayloadErrorCodes.InvalidJson, Parse("{command_id: c1", out _)?.Code);
    }

    [Fact]
    public void AnOversizedResultIsRefusedNotCut()
    {
        var error = Parse($$$"""{"command_id":"c1","status":"success","result":{"blob":"{{{new string('x', 200)}}}"}}""", out var ack, maxResultBytes: 100);

        Assert.Null(ack);
        Assert.Equal(PayloadErrorCodes.PayloadTooLarge, error?.Code);
        Assert.Equal("'result' exceeds 100 bytes of JSON", error?.Message);
    }
}
