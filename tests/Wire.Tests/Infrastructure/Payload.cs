using System.Buffers;
using System.Text;

namespace DigitalTwin.Wire.Tests.Infrastructure;

/// <summary>MQTT payloads as the broker hands them over.</summary>
public static class Payload
{
    public static ReadOnlySequence<byte> Of(string text) => new(Encoding.UTF8.GetBytes(text));
}
