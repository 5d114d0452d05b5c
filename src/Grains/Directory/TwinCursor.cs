using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Paging;
using DigitalTwin.Wire;

namespace DigitalTwin.Grains.Directory;

/// <summary>
/// A twin's position in a sorted listing: the sort key and the id that breaks ties. It orders positions
/// the way every directory orders rows, and it is the one encoding of the opaque <c>cursor</c> that
/// listings hand out and continue after (the sort, the key and the id, in <see cref="OpaqueCursor"/>'s encoding).
/// </summary>
public sealed class TwinCursor : IComparable<TwinCursor>
{
    /// <summary>Longer than any cursor this class encodes (ids and types are at most 64 characters).</summary>
    public const int MaxEncodedLength = OpaqueCursor.MaxEncodedLength;

    // The format byte of twin listings' cursors (alert listings have their own).
    private const byte FormatVersion = 1;

    private TwinCursor(TwinSort sort, string id, string? type, DateTimeOffset? time)
    {
        Sort = sort;
        Id = id;
        Type = type;
        Time = time;
    }

    public TwinSort Sort { get; }

    public string Id { get; }

    /// <summary>The key when sorting by type.</summary>
    public string? Type { get; }

    /// <summary>The key when sorting by a time; null for a twin never seen when sorting by last_seen.</summary>
    public DateTimeOffset? Time { get; }

    public static TwinCursor At(TwinSort sort, TwinDirectoryEntry entry) => sort.Field switch
    {
        TwinSortField.Id => new TwinCursor(sort, entry.Id, null, null),
        TwinSortField.Type => new TwinCursor(sort, entry.Id, entry.Type, null),
        TwinSortField.CreatedAt => new TwinCursor(sort, entry.Id, null, entry.CreatedAt),
        TwinSortField.LastUpdated => new TwinCursor(sort, entry.Id, null, entry.LastUpdated),
        TwinSortField.LastSeen => new TwinCursor(sort, entry.Id, null, entry.LastSeen),
        _ => throw new ArgumentOutOfRangeException(nameof(sort), sort.Field, "unknown sort field"),
    };

    public string Encode() => OpaqueCursor.Encode(FormatVersion, writer =>
    {
        writer.Write((byte)Sort.Field);
        writer.Write(Sort.Descending);
        writer.Write(Time.HasValue);
        writer.Write(Time?.UtcTicks ?? 0);
        writer.Write(Type ?? "");
        writer.Write(Id);
    });

    /// <summary>Reads a cursor issued for <paramref name="expected"/>; returns why it cannot be used, or null.</summary>
    public static string? TryDecode(string text, TwinSort expected, out TwinCursor? cursor) =>
        OpaqueCursor.TryDecode<TwinCursor>(text, FormatVersion, reader =>
        {
            var sort = new TwinSort((TwinSortField)reader.ReadByte(), reader.ReadBoolean());
            if (!Enum.IsDefined(sort.Field))
            {
                return (OpaqueCursor.NotIssued, null);
            }

            if (sort != expected)
            {
                return ($"was issued for a listing sorted by '{WireNames.Of(sort)}'; repeat that sort or start again without it", null);
            }

            var hasTime = reader.ReadBoolean();
            var ticks = reader.ReadInt64();
            var type = reader.ReadString();
            var id = reader.ReadString();
            var time = hasTime ? new DateTimeOffset(ticks, TimeSpan.Zero) : (DateTimeOffset?)null;
            return (null, new TwinCursor(sort, id, sort.Field == TwinSortField.Type ? type : null, time));
        }, out cursor);

    /// <summary>
    /// Orders positions of the same sort: by key (ordinal for text; a missing time after every time), then
    /// by id, both reversed when descending. PostgreSQL's default NULLS LAST/FIRST follows the same rule.
    /// </summary>
    public int CompareTo(TwinCursor? other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var order = Sort.Field switch
        {
            TwinSortField.Id => 0,
            TwinSortField.Type => string.CompareOrdinal(Type, other.Type),
            _ => CompareTimes(Time, other.Time),
        };
        if (order == 0)
        {
            order = string.CompareOrdinal(Id, other.Id);
        }

        return Sort.Descending ? -Math.Sign(order) : Math.Sign(order);
    }

    private static int CompareTimes(DateTimeOffset? left, DateTimeOffset? right) => (left, right) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        ({ } l, { } r) => l.UtcTicks.CompareTo(r.UtcTicks),
    };
}
