using DigitalTwin.Ingest.Mqtt;

namespace DigitalTwin.Ingest.Tests.Mqtt;

/// <summary>The packets the generator encodes itself, byte for byte against MQTT 3.1.1 §3.1 and MQTT 5 §3.1.</summary>
public sealed class MqttPacketsTests
{
    [Fact]
    public void AnMqtt5ConnectHasCleanStartKeepAliveEmptyPropertiesAndTheClientId()
    {
        byte[] expected =
        [
            0x10, 16,
            0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 0x02, 0x00, 60,
            0x00,
            0x00, 0x03, (byte)'d', (byte)'-', (byte)'1',
        ];

        Assert.Equal(expected, MqttPackets.Connect("d-1", MqttProtocol.V500, 60));
    }

    [Fact]
    public void An311ConnectHasLevelFourAndNoProperties()
    {
        byte[] expected =
        [
            0x10, 15,
            0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0x02, 0x01, 0x2C,
            0x00, 0x03, (byte)'d', (byte)'-', (byte)'1',
        ];

        Assert.Equal(expected, MqttPackets.Connect("d-1", MqttProtocol.V311, 300));
    }

    [Fact]
    public void ACredentialedConnectFlagsAndCarriesTheUsernameThenThePassword()
    {
        byte[] expected =
        [
            0x10, 26,
            0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 0xC2, 0x00, 60,
            0x00,
            0x00, 0x03, (byte)'d', (byte)'-', (byte)'1',
            0x00, 0x03, (byte)'d', (byte)'-', (byte)'1',
            0x00, 0x03, (byte)'p', (byte)'w', (byte)'d',
        ];

        Assert.Equal(expected, MqttPackets.Connect("d-1", MqttProtocol.V500, 60, "d-1", "pwd"));
    }

    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(127, new byte[] { 0x7F })]
    [InlineData(128, new byte[] { 0x80, 0x01 })]
    [InlineData(16_383, new byte[] { 0xFF, 0x7F })]
    [InlineData(16_384, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(2_097_152, new byte[] { 0x80, 0x80, 0x80, 0x01 })]
    [InlineData(268_435_455, new byte[] { 0xFF, 0xFF, 0xFF, 0x7F })]
    public void RemainingLengthsUseTheVariableByteIntegerOfTheSpecification(int length, byte[] expected)
    {
        var buffer = new byte[4];
        var written = MqttPackets.WriteRemainingLength(buffer, length);

        Assert.Equal(expected, buffer[..written]);
        Assert.Equal(expected.Length, MqttPackets.RemainingLengthSize(length));
    }

    [Fact]
    public void ARemainingLengthBeyondFourBytesIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MqttPackets.RemainingLengthSize(MqttPackets.MaxRemainingLength + 1));
}
