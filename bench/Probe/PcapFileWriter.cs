namespace DigitalTwin.Bench.Probe;

/// <summary>
/// Writes the classic pcap format (microsecond timestamps, little-endian) with a plain <see cref="BinaryWriter"/>:
/// the 24-byte global header, then a 16-byte record header before each frame. No libpcap needed.
/// </summary>
public sealed class PcapFileWriter : IDisposable
{
    private const uint Magic = 0xA1B2C3D4;
    private readonly BinaryWriter _writer;

    public PcapFileWriter(string path, int linkType, int snapLength = 65535)
    {
        _writer = new BinaryWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20));
        _writer.Write(Magic);
        _writer.Write((ushort)2);
        _writer.Write((ushort)4);
        _writer.Write(0); // thiszone
        _writer.Write(0u); // sigfigs
        _writer.Write((uint)snapLength);
        _writer.Write((uint)linkType);
    }

    public long Records { get; private set; }

    public long FrameBytes { get; private set; }

    public void Write(long timeMicros, ReadOnlySpan<byte> frame)
    {
        _writer.Write((uint)(timeMicros / 1_000_000));
        _writer.Write((uint)(timeMicros % 1_000_000));
        _writer.Write((uint)frame.Length);
        _writer.Write((uint)frame.Length);
        _writer.Write(frame);
        Records++;
        FrameBytes += frame.Length;
    }

    public void Dispose() => _writer.Dispose();
}
