using Npgsql;
using NpgsqlTypes;

namespace DigitalTwin.DirectoryQueries;

/// <summary>
/// One kind of listing a client asks for: its query string and, for the SQL timings, the statements the
/// directory sends for it. A walk follows <c>next_cursor</c> from the first page to the last.
/// </summary>
public sealed record QueryScenario(string Name, string Query, bool Walk, ScenarioSql Sql)
{
    private const string NotDeleted = "NOT deleted";
    private const string Online = " AND announced_presence = 'online' AND last_seen >= @online_since";
    private const string Location = "building-7";
    private const string CommonType = "thermostat";

    /// <summary>The scenarios in the order they run. Filter values are fixed so the counts and the SQL timings describe the same listing.</summary>
    public static IReadOnlyList<QueryScenario> All(TimeSpan inactivityTimeout) =>
    [
        new("no filter", "limit=100", false, new(NotDeleted, "id", () => [])),
        new("deep offset 50,000", "limit=100&offset=50000", false, new(NotDeleted, "id", () => [], Offset: 50_000)),
        new("keyset walk, all twins", "limit=100", true,
            // A page halfway through the walk stands for all of them.
            new(NotDeleted, "id", () => [Text("after_id", "dev-0050000")], After: " AND id > @after_id")),
        new($"type={CommonType}", $"type={CommonType}&limit=100", false,
            new($"{NotDeleted} AND type = @type", "id", () => [Text("type", CommonType)])),
        new($"metadata.location={Location}", $"metadata.location={Location}&limit=100", false,
            new($"{NotDeleted} AND (metadata @> @metadata_0_0)", "id", () => [Json("metadata_0_0", $$"""{"location":"{{Location}}"}""")])),
        new("metadata.floor=3 (text or number)", "metadata.floor=3&limit=100", false,
            new($"{NotDeleted} AND (metadata @> @metadata_0_0 OR metadata @> @metadata_0_1)", "id",
                () => [Json("metadata_0_0", """{"floor":"3"}"""), Json("metadata_0_1", """{"floor":3}""")])),
        new("status=online", "status=online&limit=100", false,
            new(NotDeleted + Online, "id", () => [OnlineSince(inactivityTimeout)])),
        new("lifecycle=suspended", "lifecycle=suspended&limit=100", false,
            new($"{NotDeleted} AND lifecycle = @lifecycle", "id", () => [Text("lifecycle", "suspended")])),
        new("lifecycle=active", "lifecycle=active&limit=100", false,
            new($"{NotDeleted} AND lifecycle = @lifecycle", "id", () => [Text("lifecycle", "active")])),
        new($"type + location + online, sort=-last_updated",
            $"type={CommonType}&metadata.location={Location}&status=online&sort=-last_updated&limit=100", false,
            new($"{NotDeleted} AND type = @type{Online} AND (metadata @> @metadata_0_0)", "last_updated DESC, id DESC",
                () => [Text("type", CommonType), OnlineSince(inactivityTimeout), Json("metadata_0_0", $$"""{"location":"{{Location}}"}""")])),
        new("sort=-last_seen", "sort=-last_seen&limit=100", false, new(NotDeleted, "last_seen DESC, id DESC", () => [])),
        new("sort=-last_updated", "sort=-last_updated&limit=100", false, new(NotDeleted, "last_updated DESC, id DESC", () => [])),
        new($"keyset walk, location={Location}, sort=-last_updated", $"metadata.location={Location}&sort=-last_updated&limit=100", true,
            new($"{NotDeleted} AND (metadata @> @metadata_0_0)", "last_updated DESC, id DESC", () => [Json("metadata_0_0", $$"""{"location":"{{Location}}"}""")])),
    ];

    private static NpgsqlParameter Text(string name, string value) => new NpgsqlParameter<string>(name, value);

    private static NpgsqlParameter Json(string name, string json) => new(name, NpgsqlDbType.Jsonb) { Value = json };

    // The directory compares last_seen with its clock minus Twins:InactivityTimeout at the moment of the query.
    private static NpgsqlParameter OnlineSince(TimeSpan inactivityTimeout) =>
        new NpgsqlParameter<DateTimeOffset>("online_since", DateTimeOffset.UtcNow - inactivityTimeout);
}
