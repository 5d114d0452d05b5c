using DigitalTwin.Grains.Paging;

namespace DigitalTwin.Grains.Audit;

/// <summary>The opaque <c>cursor</c> of the audit listing: the id of the last entry of a page (<see cref="OpaqueCursor"/>'s encoding).</summary>
public static class AuditCursor
{
    private const byte Format = 0x55;

    public static string Encode(long before) => OpaqueCursor.Encode(Format, writer => writer.Write(before));

    /// <summary>Reads a cursor the audit listing issued; returns why it cannot be used, or null.</summary>
    public static string? TryDecode(string text, out long before)
    {
        var error = OpaqueCursor.TryDecode<long?>(text, Format, reader => (null, reader.ReadInt64()), out var value);
        before = value ?? 0;
        return error;
    }
}
