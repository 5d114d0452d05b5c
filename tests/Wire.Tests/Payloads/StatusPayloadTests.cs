using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Wire.Payloads;
using DigitalTwin.Wire.Tests.Infrastructure;

namespace DigitalTwin.Wire.Tests.Payloads;

/// <summary>Presence announcements on <c>device/{id}/status</c>.</summary>
public sealed class StatusPayloadTests
{
    private const string DeviceId = "sensor-1";

    private static readonly DateTimeOffset Now = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly DevicePayloadParser _parser = new(new FixedClock(Now), TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData("online", PresenceStatus.Online)]
    [InlineData("offline", PresenceStatus.Offline)]
    [InlineData("ONLINE", PresenceStatus.Online)]
    [InlineData("  offline\n", PresenceStatus.Offline)]
    [InlineData("\"online\"", PresenceStatus.Online)]
    [InlineData("\"offline\"", PresenceStatus.Offline)]
    [InlineData("{\"status\":\"online\"}", PresenceStatus.Online)]
    [InlineData("{\"status\":\"offline\"}", PresenceStatus.Offline)]
    public void AnnouncementYieldsItsPresence(string payload, PresenceStatus expected)
    {
        var message = Parse(payload);

        Assert.Equal(expected, message.Presence);
        Assert.Equal(DeviceMessageKind.Status, message.Kind);
        Assert.Equal(DeviceId, message.DeviceId);
        Assert.Empty(message.Values);
        Assert.Equal(Now, message.DeviceTimestamp);
        Assert.Equal(Now, message.ReceivedAt);
    }

    [Fact]
    public void ObjectAnnouncementKeepsItsTimestampAndType()
    {
        var message = Parse("""{"status":"online","timestamp":1717243100,"type":"gateway","device_id":"sensor-1"}""");

        Assert.Equal(PresenceStatus.Online, message.Presence);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1717243100), message.DeviceTimestamp);
        Assert.Equal("gateway", message.DeviceType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sleeping")]
    [InlineData("on line")]
    [InlineData("\"away\"")]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("[\"online\"]")]
    [InlineData("{}")]
    [InlineData("{\"status\":\"away\"}")]
    [InlineData("{\"status\":1}")]
    [InlineData("{\"state\":\"online\"}")]
    [InlineData("{\"status\":\"online\"")]
    public void GarbageIsAnInvalidPayload(string payload) =>
        AssertRejected(payload, PayloadErrorCodes.InvalidPayload);

    [Theory]
    [InlineData("{\"status\":\"online\",\"status\":\"offline\"}")]
    [InlineData("{\"status\":\"online\",\"timestamp\":1717243100,\"timestamp\":1717243000}")]
    public void RepeatedKeysAreAnInvalidPayload(string payload) =>
        AssertRejected(payload, PayloadErrorCodes.InvalidPayload);

    [Fact]
    public void ObjectAnnouncementForAnotherDeviceIsAMismatch() =>
        AssertRejected("""{"status":"online","device_id":"sensor-2"}""", PayloadErrorCodes.DeviceIdMismatch);

    [Fact]
    public void ObjectAnnouncementFromTheFutureIsOutOfRange() =>
        AssertRejected(
            $$"""{"status":"online","timestamp":{{(Now + TimeSpan.FromHours(1)).ToUnixTimeSeconds()}}}""",
            PayloadErrorCodes.TimestampOutOfRange);

    private DeviceMessage Parse(string payload)
    {
        var result = _parser.ParseStatus(DeviceId, Payload.Of(payload));
        Assert.Null(result.Error);
        return Assert.IsType<DeviceMessage>(result.Message);
    }

    private void AssertRejected(string payload, string code)
    {
        var result = _parser.ParseStatus(DeviceId, Payload.Of(payload));

        Assert.Null(result.Message);
        Assert.Equal(code, result.Error?.Code);
    }
}
