using DigitalTwin.Wire.Payloads;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DigitalTwin.Api.Twins;

/// <summary>How the twin listing's query parameters read in the OpenAPI document.</summary>
internal static class TwinListParameters
{
    public const string IdPrefix = "Only twins whose id starts with this (a search box's partial id): the start of a twin id, 1-64 characters, lowercase [a-z0-9._-].";
    public const string Type = "Only twins of this device type.";
    public const string Status = "Only twins whose device is online, observed (seen only by a network probe) or offline.";
    public const string Lifecycle = "Only twins in this lifecycle: pending, active, suspended or decommissioned.";
    public const string Limit = "Twins per page, 1-1000.";
    public const string Offset = "Matches to skip before the page (offset paging); not with cursor.";
    public const string Sort = "Order: id, type, created_at, last_updated or last_seen, prefixed with '-' for descending (e.g. -last_updated); the id breaks ties. Twins never seen sort last by last_seen (first when descending).";
    public const string Cursor = "Continue after the last twin of an earlier page: its next_cursor, with the same sort (keyset paging); not with offset.";

    /// <summary>
    /// Metadata filters are parameters named after the field (<c>metadata.location=building-1</c>), which
    /// binding cannot declare, so the document gets one placeholder parameter that explains them.
    /// </summary>
    public static Task DescribeMetadataFilter(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = $"{TwinQueryReader.MetadataPrefix}{{field}}",
            In = ParameterLocation.Query,
            Description = $"Only twins whose metadata field {{field}} ({FieldLimits.NameRule}) equals the value: the same text, or the number or boolean it spells (floor=2 matches 2 and \"2\"). Up to {TwinQueryReader.MaxMetadataFilters}, all must match; each at most once.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = FieldLimits.MaxTextLength },
        });
        return Task.CompletedTask;
    }
}
