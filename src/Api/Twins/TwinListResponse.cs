namespace DigitalTwin.Api.Twins;

/// <summary>
/// A page of twins; <c>count</c> is how many match the filter in all. <c>next_cursor</c> continues after
/// the last twin of the page (pass it as <c>cursor</c>); null when no match follows.
/// </summary>
internal sealed record TwinListResponse(int Count, int Limit, int Offset, IReadOnlyList<TwinSummary> Twins, string? NextCursor);
