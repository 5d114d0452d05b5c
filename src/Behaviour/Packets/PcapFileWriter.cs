using System.Buffers.Binary;

namespace DigitalTwin.Behaviour.Packets;

/// <summary>
/// Writes the classic pcap format (microsecond timestamps, little-endian): the 24-byte global header, then a 16-byte
/// record header before each frame. No libpcap needed. A frame may be written cut short of its original length, as a
/// capture with a snap length stores it; readers (the probe, tcpdump, tshark) then know both lengths.
/// </summary>
public sealed class PcapFileWriter : IDisposable
{
    public const uint Magic = 0xA1B2C3D4;
    public const int DefaultSnapLength = 65535;

    private readonly Stream _stream;
    private readonly int _snapLength;

    /// <param name="stream">Where the file goes; disposed with the writer.</param>
    /// <param name="linkType">The frames' link-layer type (a libpcap LINKTYPE number).</param>
    /// <param name="snapLength">The most bytes of a frame a record holds.</param>
    public PcapFileWriter(Stream stream, CaptureLinkType linkType = CaptureLinkType.Ethernet, int snapLength = DefaultSnapLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(snapLength);
        _stream = stream;
        _snapLength = snapLength;
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], 0); // thiszone
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], 0); // sigfigs
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], snapLength);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], (int)linkType);
        _stream.Write(header);
    }

    public PcapFileWriter(string path, CaptureLinkType linkType = CaptureLinkType.Ethernet, int snapLength = DefaultSnapLength)
        : this(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20), linkType, snapLength)
    {
    }

    public long Records { get; private set; }

    /// <summary>Bytes of frames written (captured bytes, not original lengths).</summary>
    public long FrameBytes { get; private set; }

    /// <summary>
    /// One frame at <paramref name="timeMicros"/> (Unix microseconds, not negative). <paramref name="originalLength"/>
    /// is the frame's length on the wire when <paramref name="frame"/> holds only its first bytes (0: the whole frame);
    /// a frame longer than the snap length is cut to it.
    /// </summary>
    public void Write(long timeMicros, ReadOnlySpan<byte> frame, int originalLength = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(timeMicros);
        var original = Math.Max(originalLength, frame.Length);
        if (frame.Length > _snapLength)
        {
            frame = frame[.._snapLength];
        }

        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)(timeMicros / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(timeMicros % 1_000_000));
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], frame.Length);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], original);
        _stream.Write(header);
        _stream.Write(frame);
        Records++;
        FrameBytes += frame.Length;
    }

    public void Dispose() => _stream.Dispose();
}
