using System.Buffers.Binary;

namespace DigitalTwin.NetworkProbe.Tests.Capture;

/// <summary>Writes classic pcap files (microsecond timestamps, little-endian, link type Ethernet) frame by frame.</summary>
public sealed class PcapFileWriter : IDisposable
{
    public const uint Magic = 0xa1b2c3d4;
    public const int LinkTypeEthernet = 1;

    private readonly Stream _stream;

    public PcapFileWriter(Stream stream, int snapLength = 65535)
    {
        _stream = stream;
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], snapLength);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], LinkTypeEthernet);
        _stream.Write(header);
    }

    public void Write(DateTimeOffset time, ReadOnlySpan<byte> frame)
    {
        Span<byte> header = stackalloc byte[16];
        var microseconds = (time - DateTimeOffset.UnixEpoch).Ticks / 10;
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(microseconds / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(microseconds % 1_000_000));
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], frame.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], frame.Length);
        _stream.Write(header);
        _stream.Write(frame);
    }

    public void Dispose() => _stream.Dispose();
}
