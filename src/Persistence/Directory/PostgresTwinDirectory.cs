using System.Text;
using DigitalTwin.Grains.Directory;
using DigitalTwin.Grains.Hosting;
using DigitalTwin.Grains.Interfaces.Directory;
using DigitalTwin.Grains.Interfaces.Twins;
using DigitalTwin.Grains.Twins;
using DigitalTwin.Wire;
using Microsoft.Extensions.Options;
using DigitalTwin.Persistence.Schema;
using Npgsql;
using NpgsqlTypes;

namespace DigitalTwin.Persistence.Directory;

/// <summary>
/// The twin directory in PostgreSQL (<c>dtn_twin_directory</c>, see <c>Schema/020_twin_directory.sql</c>):
/// shared by every silo and kept across restarts. It answers exactly as the in-memory directory does;
/// values only ever travel as parameters, and sort columns come from a fixed list.
/// </summary>
internal sealed class PostgresTwinDirectory(NpgsqlDataSource dataSource, IOptions<TwinOptions> options, TimeProvider clock) : ITwinDirectory
{
    private const string Columns = "id, type, lifecycle, announced_presence, last_seen, metadata, state, created_at, last_updated, version";

    // One round trip per batch. A row changes only for a higher version, so batches from several silos
    // may land in any order; a tombstone is a row like any other and so outranks older entries.
    private const string UpsertSql = $"""
        INSERT INTO dtn_twin_directory ({Columns}, deleted)
        SELECT * FROM unnest(@ids, @types, @lifecycles, @presences, @last_seen, @metadata::jsonb[], @state::jsonb[], @created_at, @last_updated, @versions, @deleted)
        ON CONFLICT (id) DO UPDATE SET
            type = excluded.type,
            lifecycle = excluded.lifecycle,
            announced_presence = excluded.announced_presence,
            last_seen = excluded.last_seen,
            metadata = excluded.metadata,
            state = excluded.state,
            created_at = excluded.created_at,
            last_updated = excluded.last_updated,
            version = excluded.version,
            deleted = excluded.deleted
        WHERE dtn_twin_directory.version < excluded.version
        """;

    public async Task UpsertAsync(IReadOnlyList<TwinDirectoryEntry> entries, CancellationToken cancellationToken)
    {
        // ON CONFLICT may touch a row only once per statement, so keep the newest entry of each twin.
        var newest = new Dictionary<string, TwinDirectoryEntry>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!newest.TryGetValue(entry.Id, out var kept) || kept.Version < entry.Version)
            {
                newest[entry.Id] = entry;
            }
        }

        if (newest.Count == 0)
        {
            return;
        }

        var batch = newest.Values.ToArray();
        await using var command = dataSource.CreateCommand(UpsertSql);
        command.Parameters.Add(ArrayParameter.Of("ids", NpgsqlDbType.Text, batch, e => e.Id));
        command.Parameters.Add(ArrayParameter.Of("types", NpgsqlDbType.Text, batch, e => e.Type));
        command.Parameters.Add(ArrayParameter.Of("lifecycles", NpgsqlDbType.Text, batch, e => WireNames.Of(e.Lifecycle)));
        command.Parameters.Add(ArrayParameter.Of("presences", NpgsqlDbType.Text, batch, e => WireNames.Of(e.AnnouncedPresence)));
        command.Parameters.Add(ArrayParameter.Of("last_seen", NpgsqlDbType.TimestampTz, batch, e => e.LastSeen?.ToUniversalTime()));
        command.Parameters.Add(ArrayParameter.Of("metadata", NpgsqlDbType.Text, batch, e => FieldValueJson.Write(e.Metadata)));
        command.Parameters.Add(ArrayParameter.Of("state", NpgsqlDbType.Text, batch, e => FieldValueJson.Write(e.State)));
        command.Parameters.Add(ArrayParameter.Of("created_at", NpgsqlDbType.TimestampTz, batch, e => e.CreatedAt.ToUniversalTime()));
        command.Parameters.Add(ArrayParameter.Of("last_updated", NpgsqlDbType.TimestampTz, batch, e => e.LastUpdated.ToUniversalTime()));
        command.Parameters.Add(ArrayParameter.Of("versions", NpgsqlDbType.Bigint, batch, e => e.Version));
        command.Parameters.Add(ArrayParameter.Of("deleted", NpgsqlDbType.Boolean, batch, e => e.Deleted));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<TwinDirectoryPage> QueryAsync(TwinQuery query, CancellationToken cancellationToken)
    {
        TwinCursor? after = null;
        if (query.Cursor is { } text && TwinCursor.TryDecode(text, query.Sort, out after) is { } error)
        {
            throw new ArgumentException($"cursor {error}", nameof(query));
        }

        var now = clock.GetUtcNow();
        var timeout = options.Value.InactivityTimeout;
        var filter = Filter(query, now - timeout);

        await using var batch = dataSource.CreateBatch();
        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM dtn_twin_directory WHERE {filter.Sql}");
        count.Parameters.AddRange(filter.Parameters());
        batch.BatchCommands.Add(count);

        var page = new NpgsqlBatchCommand(
            $"SELECT {Columns} FROM dtn_twin_directory WHERE {filter.Sql}{After(query.Sort, after)} ORDER BY {Order(query.Sort)} LIMIT @limit OFFSET @offset");
        page.Parameters.AddRange(filter.Parameters());
        page.Parameters.Add(new NpgsqlParameter<int>("limit", query.Limit + 1));
        page.Parameters.Add(new NpgsqlParameter<int>("offset", after is null ? query.Offset : 0));
        if (after is not null)
        {
            page.Parameters.Add(new NpgsqlParameter<string>("after_id", after.Id));
            if (after.Type is { } type)
            {
                page.Parameters.Add(new NpgsqlParameter<string>("after_key", type));
            }
            else if (after.Time is { } time)
            {
                page.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("after_key", time.ToUniversalTime()));
            }
        }

        batch.BatchCommands.Add(page);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var total = checked((int)reader.GetInt64(0));
        await reader.NextResultAsync(cancellationToken);
        var twins = new List<TwinDirectoryListing>(Math.Min(query.Limit + 1, 1024));
        while (await reader.ReadAsync(cancellationToken))
        {
            var entry = ReadEntry(reader);
            twins.Add(new TwinDirectoryListing(entry, Presence.Evaluate(entry.AnnouncedPresence, entry.LastSeen, now, timeout)));
        }

        string? next = null;
        if (twins.Count > query.Limit)
        {
            twins.RemoveAt(twins.Count - 1);
            next = TwinCursor.At(query.Sort, twins[^1].Entry).Encode();
        }

        return new TwinDirectoryPage(total, [.. twins], next);
    }

    /// <summary>The WHERE clause shared by the count and the page, with a fresh set of its parameters for each.</summary>
    private static (string Sql, Func<NpgsqlParameter[]> Parameters) Filter(TwinQuery query, DateTimeOffset onlineSince)
    {
        var sql = new StringBuilder("NOT deleted");
        var parameters = new List<Func<NpgsqlParameter>>();
        if (query.IdPrefix is { } prefix)
        {
            // The id column's "C" collation lets the primary key's index answer a LIKE prefix; '_' is an id character
            // and a LIKE wildcard, so it is escaped (ids hold no '%' or '\').
            sql.Append(" AND id LIKE @id_prefix");
            var pattern = prefix.Replace("_", "\\_", StringComparison.Ordinal) + "%";
            parameters.Add(() => new NpgsqlParameter<string>("id_prefix", pattern));
        }

        if (query.Type is { } type)
        {
            sql.Append(" AND type = @type");
            parameters.Add(() => new NpgsqlParameter<string>("type", type));
        }

        if (query.Lifecycle is { } lifecycle)
        {
            sql.Append(" AND lifecycle = @lifecycle");
            parameters.Add(() => new NpgsqlParameter<string>("lifecycle", WireNames.Of(lifecycle)));
        }

        if (query.Presence is { } presence)
        {
            // Presence.Evaluate: online (or observed) when it announced so and now - last_seen <= timeout, that
            // is last_seen >= now - timeout; offline otherwise. Stored times are whole microseconds, so rounding
            // the bound up to one keeps the comparison exact.
            sql.Append(presence == PresenceStatus.Offline
                ? " AND (announced_presence NOT IN ('online', 'observed') OR last_seen IS NULL OR last_seen < @online_since)"
                : " AND announced_presence = @presence AND last_seen >= @online_since");
            var since = CeilingToMicrosecond(onlineSince).ToUniversalTime();
            parameters.Add(() => new NpgsqlParameter<DateTimeOffset>("online_since", since));
            if (presence != PresenceStatus.Offline)
            {
                parameters.Add(() => new NpgsqlParameter<string>("presence", WireNames.Of(presence)));
            }
        }

        for (var i = 0; i < query.Metadata.Length; i++)
        {
            var filter = query.Metadata[i];
            var values = MetadataMatch.ValuesOf(filter.Value);
            sql.Append(" AND (");
            for (var j = 0; j < values.Length; j++)
            {
                var name = $"metadata_{i}_{j}";
                var json = FieldValueJson.Write(filter.Name, values[j]);
                sql.Append(j == 0 ? "" : " OR ").Append("metadata @> @").Append(name);
                parameters.Add(() => new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json });
            }

            sql.Append(')');
        }

        return (sql.ToString(), () => parameters.ConvertAll(p => p()).ToArray());
    }

    /// <summary>Rows strictly after the cursor in the sort's order (see <see cref="TwinCursor.CompareTo"/>).</summary>
    private static string After(TwinSort sort, TwinCursor? after)
    {
        if (after is null)
        {
            return "";
        }

        var beyond = sort.Descending ? "<" : ">";
        return sort.Field switch
        {
            TwinSortField.Id => $" AND id {beyond} @after_id",
            TwinSortField.LastSeen when after.Time is null => sort.Descending
                ? " AND (last_seen IS NOT NULL OR id < @after_id)"
                : " AND last_seen IS NULL AND id > @after_id",
            TwinSortField.LastSeen => sort.Descending
                ? " AND (last_seen < @after_key OR (last_seen = @after_key AND id < @after_id))"
                : " AND (last_seen > @after_key OR (last_seen = @after_key AND id > @after_id) OR last_seen IS NULL)",
            _ => $" AND ({Column(sort.Field)}, id) {beyond} (@after_key, @after_id)",
        };
    }

    private static string Order(TwinSort sort)
    {
        var direction = sort.Descending ? " DESC" : "";
        return sort.Field == TwinSortField.Id ? "id" + direction : $"{Column(sort.Field)}{direction}, id{direction}";
    }

    private static string Column(TwinSortField field) => field switch
    {
        TwinSortField.Id => "id",
        TwinSortField.Type => "type",
        TwinSortField.CreatedAt => "created_at",
        TwinSortField.LastUpdated => "last_updated",
        TwinSortField.LastSeen => "last_seen",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "unknown sort field"),
    };

    private static TwinDirectoryEntry ReadEntry(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Type = reader.GetString(1),
        Lifecycle = ParseLifecycle(reader.GetString(2)),
        AnnouncedPresence = reader.GetString(3) switch
        {
            var online when online == WireNames.Of(PresenceStatus.Online) => PresenceStatus.Online,
            var observed when observed == WireNames.Of(PresenceStatus.Observed) => PresenceStatus.Observed,
            _ => PresenceStatus.Offline,
        },
        LastSeen = reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
        Metadata = FieldValueJson.Read(reader.GetString(5)),
        State = FieldValueJson.Read(reader.GetString(6)),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(7),
        LastUpdated = reader.GetFieldValue<DateTimeOffset>(8),
        Version = reader.GetInt64(9),
    };

    private static TwinLifecycle ParseLifecycle(string name) =>
        Enum.GetValues<TwinLifecycle>().First(l => WireNames.Of(l) == name);

    private static DateTimeOffset CeilingToMicrosecond(DateTimeOffset time)
    {
        var remainder = time.UtcTicks % TimeSpan.TicksPerMicrosecond;
        return remainder == 0 ? time : time.AddTicks(TimeSpan.TicksPerMicrosecond - remainder);
    }
}
