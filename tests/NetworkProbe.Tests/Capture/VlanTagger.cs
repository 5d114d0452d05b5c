using System.Buffers.Binary;

namespace DigitalTwin.NetworkProbe.Tests.Capture;

/// <summary>
/// Copies a classic pcap file of Ethernet frames, inserting an 802.1Q tag after each frame's MAC addresses: the same
/// traffic as a trunk port would carry it on a VLAN.
/// </summary>
public static class VlanTagger
{
    public static void Tag(string input, string output, int vlanId)
    {
        var bytes = File.ReadAllBytes(input);
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes) != PcapFileWriter.Magic
            || BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20)) != PcapFileWriter.LinkTypeEthernet)
        {
            throw new InvalidDataException($"{input} is not a little-endian microsecond pcap of Ethernet frames");
        }

        using var file = File.Create(output);
        file.Write(bytes, 0, 24);
        Span<byte> header = stackalloc byte[16];
        Span<byte> tag = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(tag, 0x8100);
        BinaryPrimitives.WriteUInt16BigEndian(tag[2..], (ushort)vlanId);
        for (var offset = 24; offset < bytes.Length;)
        {
            bytes.AsSpan(offset, 16).CopyTo(header);
            var captured = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            var original = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            var frame = bytes.AsSpan(offset + 16, captured);
            offset += 16 + captured;
            if (captured < 12)
            {
                file.Write(header);
                file.Write(frame);
                continue;
            }

            BinaryPrimitives.WriteInt32LittleEndian(header[8..], captured + 4);
            BinaryPrimitives.WriteInt32LittleEndian(header[12..], original + 4);
            file.Write(header);
            file.Write(frame[..12]);
            file.Write(tag);
            file.Write(frame[12..]);
        }
    }
}
