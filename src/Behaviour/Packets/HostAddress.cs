using System.Buffers.Binary;
using System.Net;

namespace DigitalTwin.Behaviour.Packets;

/// <summary>
/// An IPv4 or IPv6 address as one 128-bit number, so flow keys and distinct-address sets need no allocation. An IPv4
/// address is held in its IPv4-mapped IPv6 form (<c>::ffff:a.b.c.d</c>), which keeps the two families apart.
/// </summary>
public readonly record struct HostAddress(UInt128 Value)
{
    private static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;
    private static readonly UInt128 MappedMask = ~(UInt128)uint.MaxValue;

    public bool IsIPv4 => (Value & MappedMask) == MappedPrefix;

    public static HostAddress FromIPv4(uint address) => new(MappedPrefix | address);

    /// <summary>Four bytes (IPv4) or sixteen (IPv6) in network order.</summary>
    public static HostAddress FromBytes(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        4 => FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(bytes)),
        16 => new(BinaryPrimitives.ReadUInt128BigEndian(bytes)),
        _ => throw new ArgumentException("an IP address has 4 or 16 bytes", nameof(bytes)),
    };

    public static HostAddress From(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        return FromBytes(bytes[..written]);
    }

    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)Value);
            return new IPAddress(bytes[..4]);
        }

        BinaryPrimitives.WriteUInt128BigEndian(bytes, Value);
        return new IPAddress(bytes);
    }

    public override string ToString() => ToIPAddress().ToString();
}
