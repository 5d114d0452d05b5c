using System.Text.Json.Nodes;
using DigitalTwin.Detection.Scoring;
using DigitalTwin.Grains.Interfaces.Alerts;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DigitalTwin.Api.Alerts;

/// <summary>
/// The OpenAPI schema of an anomaly alert. Alerts are written by hand (<see cref="AnomalyAlertJsonConverter"/>, the one
/// writer MQTT and the feeds share), so the generator sees no properties: without this the document described an alert
/// as an empty object and a list of them as an array of anything.
/// </summary>
internal static class AnomalyAlertSchema
{
    /// <summary>Fills in the schema of <see cref="AnomalyAlert"/> and the items of any list of them.</summary>
    public static Task Describe(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(AnomalyAlert))
        {
            Fill(schema);
        }
        else if (type != typeof(string) && typeof(IEnumerable<AnomalyAlert>).IsAssignableFrom(type))
        {
            schema.Items = Fill(new OpenApiSchema());
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema Fill(OpenApiSchema schema)
    {
        schema.Type = JsonSchemaType.Object;
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["id"] = Text("`{twin id}:{number}`, the number counting the twin's alerts from 1"),
            ["twin_id"] = Text("the twin"),
            ["twin_type"] = Text("the twin's device type"),
            ["type"] = Enumeration("the suspected behaviour: an anomaly class of the datasets, or `unclassified`", SuspectedBehaviour.All),
            ["severity"] = Enumeration("`critical` once a window scored Detection:CriticalScore", ["warning", "critical"]),
            ["status"] = Enumeration("`cleared` by normal traffic, a person or the twin's lifecycle", ["active", "cleared"]),
            ["first_seen"] = Time("start of the first window that raised it"),
            ["last_seen"] = Time("end of the latest anomalous window of its type"),
            ["windows"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Description = "anomalous windows it holds" },
            ["peak_score"] = Number("the highest window score"),
            ["baseline"] = Enumeration("what the windows were judged against", ["own", "peer", "none"]),
            ["acknowledged_by"] = Text("who acknowledged it", nullable: true),
            ["acknowledged_at"] = Time("when", nullable: true),
            ["cleared_by"] = Text("`auto` (normal traffic), `lifecycle` (suspended or decommissioned) or the person", nullable: true),
            ["cleared_at"] = Time("when", nullable: true),
            ["updated_at"] = Time("when it last changed (platform time)"),
            ["evidence"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "the first windows that raised it and the latest, bounded by Detection:EvidencePerAlert",
                Items = Evidence(),
            },
        };
        schema.Required = new HashSet<string>(schema.Properties.Keys);
        return schema;
    }

    private static OpenApiSchema Evidence()
    {
        var schema = EvidenceProperties();
        schema.Required = new HashSet<string>(schema.Properties!.Keys);
        return schema;
    }

    private static OpenApiSchema EvidenceProperties() => new()
    {
        Type = JsonSchemaType.Object,
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["window_start"] = Time("the window"),
            ["score"] = Number("its anomaly score"),
            ["behaviour"] = Text("what it pointed to"),
            ["reasons"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "the largest per-feature contributions",
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["feature"] = Text("the feature (docs/dataset.md)"),
                        ["value"] = Number("its value in the window", nullable: true),
                        ["baseline"] = Number("the baseline's median", nullable: true),
                        ["spread"] = Number("half the baseline's middle 68%", nullable: true),
                        ["score"] = Number("its contribution"),
                        ["direction"] = Enumeration("which side of normal", ["above", "below"]),
                        ["text"] = Text("the reason in words, e.g. `distinct_destination_ports 312, baseline 2 ± 1`"),
                    },
                },
            },
            ["persistence"] = Number(
                "the host's persistent deviation (the sum of its recent windows' scores above `Detection:PersistenceAllowance`) when that, not the window's own score, flagged it; null otherwise",
                nullable: true),
            ["model"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object | JsonSchemaType.Null,
                Description = "the trained model's verdict on the window; null without a model",
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["class"] = Text("the class it found most likely"),
                    ["probability"] = Number("its probability"),
                },
            },
        },
    };

    private static OpenApiSchema Text(string description, bool nullable = false) =>
        new() { Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String, Description = description };

    private static OpenApiSchema Time(string description, bool nullable = false) =>
        new() { Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String, Format = "date-time", Description = description };

    private static OpenApiSchema Number(string description, bool nullable = false) =>
        new() { Type = nullable ? JsonSchemaType.Number | JsonSchemaType.Null : JsonSchemaType.Number, Format = "double", Description = description };

    private static OpenApiSchema Enumeration(string description, IEnumerable<string> values) => new()
    {
        Type = JsonSchemaType.String,
        Description = description,
        Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))],
    };
}
