namespace DigitalTwin.Api.Twins;

/// <summary>The names a request gave its time range (<c>from</c>/<c>to</c>, or the older <c>start</c>/<c>end</c>), for error messages.</summary>
internal sealed record TimeRangeNames(string From, string To);
