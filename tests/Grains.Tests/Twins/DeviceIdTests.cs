using DigitalTwin.Grains.Twins;

namespace DigitalTwin.Grains.Tests.Twins;

/// <summary>Device ids: lowercase <c>[a-z0-9][a-z0-9._-]{0,63}</c>.</summary>
public sealed class DeviceIdTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("7")]
    [InlineData("sensor-001")]
    [InlineData("floor2.room_3-temp")]
    [InlineData("0-._")]
    public void LowercaseIdsAreValid(string id) => Assert.True(DeviceId.IsValid(id));

    [Fact]
    public void IdOfSixtyFourCharactersIsValid() => Assert.True(DeviceId.IsValid(new string('a', 64)));

    [Fact]
    public void IdOfSixtyFiveCharactersIsInvalid() => Assert.False(DeviceId.IsValid(new string('a', 65)));

    [Theory]
    [InlineData("")]
    [InlineData("Sensor-1")]
    [InlineData("sensor-A")]
    [InlineData("sensor 1")]
    [InlineData(" sensor")]
    [InlineData("-sensor")]
    [InlineData(".sensor")]
    [InlineData("_sensor")]
    [InlineData("sensor/1")]
    [InlineData("sensor+")]
    [InlineData("sensor#")]
    [InlineData("sensör")]
    [InlineData("sensor\n")]
    public void OtherIdsAreInvalid(string id) => Assert.False(DeviceId.IsValid(id));

    [Fact]
    public void PatternSaysTheSame() =>
        Assert.Equal("^[a-z0-9][a-z0-9._-]{0,63}$", DeviceId.Pattern);
}
