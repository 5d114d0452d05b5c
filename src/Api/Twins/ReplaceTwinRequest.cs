using System.Text.Json;

namespace DigitalTwin.Api.Twins;

/// <summary>Body of <c>PUT /api/v1/twins/{id}</c>: the new type, metadata and properties (omitted ones become empty).</summary>
internal sealed record ReplaceTwinRequest(string? Type, JsonElement? Metadata, JsonElement? Properties);
