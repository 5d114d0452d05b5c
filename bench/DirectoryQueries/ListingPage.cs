namespace DigitalTwin.DirectoryQueries;

/// <summary>One answer of <c>GET /api/v1/twins</c>: how long it took, and what the bench checks of it.</summary>
public sealed record ListingPage(long ElapsedTicks, int Count, string[] Ids, string? NextCursor);
