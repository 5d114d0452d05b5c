namespace DigitalTwin.Api.Parameters;

/// <summary>
/// Endpoint metadata: query parameters starting with <paramref name="Prefix"/> are read by the handler itself
/// (e.g. <c>metadata.{field}</c> filters), so they are not unknown parameters.
/// </summary>
internal sealed record OpenQueryParameters(string Prefix);
