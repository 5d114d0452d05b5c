using System.Text.Json;

namespace DigitalTwin.Api.Twins;

/// <summary>Body of <c>POST /api/v1/twins</c>. Metadata and properties are objects of numbers, strings and booleans.</summary>
internal sealed record CreateTwinRequest(string? Id, string? Type, JsonElement? Metadata, JsonElement? Properties);
