namespace DigitalTwin.Api.Twins;

/// <summary>A page of twins; <c>count</c> is how many match the filter in all.</summary>
public sealed record TwinListResponse(int Count, int Limit, int Offset, IReadOnlyList<TwinSummary> Twins);
