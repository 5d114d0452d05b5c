using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Twins;

namespace DigitalTwin.Grains.Tests.Directory;

/// <summary>The one cursor encoding: round trips, refuses anything altered or from another sort, and orders positions.</summary>
public sealed class TwinCursorTests
{
    private static readonly DateTimeOffset Seen = new(2026, 11, 1, 10, 0, 0, TimeSpan.FromHours(2));

    public static TheoryData<TwinSortField, bool> Sorts()
    {
        var data = new TheoryData<TwinSortField, bool>();
        foreach (var field in Enum.GetValues<TwinSortField>())
        {
            data.Add(field, false);
            data.Add(field, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Sorts))]
    public void CursorRoundTripsItsPosition(TwinSortField field, bool descending)
    {
        var sort = new TwinSort(field, descending);
        var position = TwinCursor.At(sort, Entry("dev-1", "sensor", Seen.AddTicks(7)));

        var error = TwinCursor.TryDecode(position.Encode(), sort, out var decoded);

        Assert.Null(error);
        Assert.Equal(0, position.CompareTo(decoded));
        Assert.Equal("dev-1", decoded!.Id);
        Assert.Equal(field == TwinSortField.Type ? "sensor" : null, decoded.Type);
    }

    [Fact]
    public void CursorOfATwinNeverSeenKeepsTheMissingTime()
    {
        var sort = new TwinSort(TwinSortField.LastSeen, false);
        var encoded = TwinCursor.At(sort, Entry("dev-1", "sensor", null)).Encode();

        Assert.Null(TwinCursor.TryDecode(encoded, sort, out var decoded));
        Assert.Null(decoded!.Time);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("AAAA")]
    [InlineData("'; DROP TABLE dtn_twin_directory; --")]
    public void MalformedCursorIsRefused(string text)
    {
        Assert.Contains("not a cursor this API issued", TwinCursor.TryDecode(text, default, out var cursor), StringComparison.Ordinal);
        Assert.Null(cursor);
    }

    [Fact]
    public void AlteredCursorIsRefused()
    {
        var encoded = TwinCursor.At(default, Entry("dev-1", "sensor", Seen)).Encode();
        for (var i = 0; i < encoded.Length; i++)
        {
            var altered = encoded[..i] + (encoded[i] == 'A' ? 'B' : 'A') + encoded[(i + 1)..];
            Assert.NotNull(TwinCursor.TryDecode(altered, default, out _));
        }
    }

    [Fact]
    public void OversizedCursorIsRefused()
    {
        Assert.NotNull(TwinCursor.TryDecode(new string('A', TwinCursor.MaxEncodedLength + 1), default, out _));
    }

    [Fact]
    public void CursorOfAnotherSortIsRefusedNamingItsSort()
    {
        var encoded = TwinCursor.At(new TwinSort(TwinSortField.LastUpdated, true), Entry("dev-1", "sensor", Seen)).Encode();

        var error = TwinCursor.TryDecode(encoded, new TwinSort(TwinSortField.LastUpdated, false), out _);

        Assert.Contains("'-last_updated'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingTimesSortAfterEveryTimeAndFirstWhenDescending()
    {
        var ascending = new TwinSort(TwinSortField.LastSeen, false);
        var descending = ascending with { Descending = true };
        TwinDirectoryEntry never = Entry("a", "t", null), early = Entry("b", "t", Seen), late = Entry("c", "t", Seen.AddSeconds(1));

        Assert.Equal(["b", "c", "a"], Order(ascending, never, early, late));
        Assert.Equal(["a", "c", "b"], Order(descending, never, early, late));
    }

    [Fact]
    public void IdBreaksTiesInTheSortsDirection()
    {
        var byType = new TwinSort(TwinSortField.Type, false);
        TwinDirectoryEntry a = Entry("a", "x", null), b = Entry("b", "x", null), c = Entry("c", "w", null);

        Assert.Equal(["c", "a", "b"], Order(byType, a, b, c));
        Assert.Equal(["b", "a", "c"], Order(byType with { Descending = true }, a, b, c));
    }

    [Fact]
    public void TimesCompareAsInstantsWhateverTheirOffset()
    {
        var sort = new TwinSort(TwinSortField.LastSeen, false);
        var utc = TwinCursor.At(sort, Entry("a", "t", Seen.ToUniversalTime()));
        var local = TwinCursor.At(sort, Entry("a", "t", Seen));

        Assert.Equal(0, utc.CompareTo(local));
    }

    private static string[] Order(TwinSort sort, params TwinDirectoryEntry[] entries)
    {
        var positions = entries.Select(e => TwinCursor.At(sort, e)).ToList();
        positions.Sort((l, r) => l.CompareTo(r));
        return [.. positions.Select(p => p.Id)];
    }

    internal static TwinDirectoryEntry Entry(string id, string type, DateTimeOffset? lastSeen) => new()
    {
        Id = id,
        Type = type,
        Lifecycle = TwinLifecycle.Active,
        AnnouncedPresence = PresenceStatus.Online,
        LastSeen = lastSeen,
        Metadata = [],
        State = [],
        CreatedAt = Seen,
        LastUpdated = Seen,
        Version = 1,
    };
}
