using System.Buffers.Binary;

namespace DigitalTwin.NetworkProbe.Tests.Capture;

/// <summary>Hand-made Ethernet frames for files the tests write themselves.</summary>
public static class Frames
{
    /// <summary>A valid Ethernet/IPv4/UDP frame (from 10.77.0.10 to 10.77.0.1 unless given) with <paramref name="payload"/> bytes of data.</summary>
    public static byte[] UdpIPv4(int payload, string source = "10.77.0.10", string destination = "10.77.0.1")
    {
        var frame = new byte[14 + 20 + 8 + payload];
        frame[12] = 0x08;
        var ip = frame.AsSpan(14);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + payload));
        ip[8] = 64;
        ip[9] = 17;
        ip[12..16].Clear();
        System.Net.IPAddress.Parse(source).GetAddressBytes().CopyTo(ip[12..]);
        System.Net.IPAddress.Parse(destination).GetAddressBytes().CopyTo(ip[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip[..20]));
        var udp = ip[20..];
        BinaryPrimitives.WriteUInt16BigEndian(udp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 9999);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload));
        return frame;
    }

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        var sum = 0u;
        for (var i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
