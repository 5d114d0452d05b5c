using DigitalTwin.Grains.Interfaces.Alerts;
using DigitalTwin.Grains.Paging;

namespace DigitalTwin.Grains.Detection;

/// <summary>
/// An alert's position in an alert listing: newest <see cref="AnomalyAlert.UpdatedAt"/> first, then by id (ordinal).
/// Times are whole microseconds, as PostgreSQL keeps them, so both stores order and page alike. It orders positions
/// the way every alert store orders rows and encodes them as the opaque <c>cursor</c> (<see cref="OpaqueCursor"/>).
/// </summary>
public sealed class AlertCursor : IComparable<AlertCursor>
{
    // The format byte of alert listings' cursors: a twin listing's cursor is refused here, and the other way round.
    private const byte Format = 0x41;

    private AlertCursor(DateTimeOffset updatedAt, string id)
    {
        UpdatedAt = updatedAt;
        Id = id;
    }

    /// <summary>When the alert last changed, to the microsecond.</summary>
    public DateTimeOffset UpdatedAt { get; }

    public string Id { get; }

    public static AlertCursor At(AnomalyAlert alert) => new(ToMicroseconds(alert.UpdatedAt), alert.Id);

    /// <summary>A time as the alert stores keep it: UTC, whole microseconds (truncated).</summary>
    public static DateTimeOffset ToMicroseconds(DateTimeOffset time)
    {
        var utc = time.UtcTicks;
        return new DateTimeOffset(utc - (utc % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    public string Encode() => OpaqueCursor.Encode(Format, writer =>
    {
        writer.Write(UpdatedAt.UtcTicks);
        writer.Write(Id);
    });

    /// <summary>Reads a cursor an alert listing issued; returns why it cannot be used, or null.</summary>
    public static string? TryDecode(string text, out AlertCursor? cursor) =>
        OpaqueCursor.TryDecode<AlertCursor>(text, Format, reader =>
        {
            var ticks = reader.ReadInt64();
            var id = reader.ReadString();
            return ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks
                ? (OpaqueCursor.NotIssued, null)
                : (null, new AlertCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id));
        }, out cursor);

    /// <summary>Newer first; the same time by id, ordinal ascending (PostgreSQL: <c>ORDER BY updated_at DESC, id</c> with "C" collation).</summary>
    public int CompareTo(AlertCursor? other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var order = other.UpdatedAt.UtcTicks.CompareTo(UpdatedAt.UtcTicks);
        return order != 0 ? order : Math.Sign(string.CompareOrdinal(Id, other.Id));
    }
}
